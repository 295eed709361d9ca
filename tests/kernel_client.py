"""Running cells through a jupyter_client kernel client, shared by the Jupyter-level tests."""
import time


def collect(kc, msg_id, timeout):
    """The iopub messages of one request as they come (with arrival times), then its shell reply."""
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        if msg["msg_type"] not in ("status", "execute_input"):
            msg["arrived"] = time.time()
            outputs.append(msg)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    return reply, outputs


def run_cell(kc, code, timeout, **kwargs):
    """Executes code; returns (reply, outputs) as collect does."""
    return collect(kc, kc.execute(code, **kwargs), timeout)
