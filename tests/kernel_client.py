"""Running cells through a jupyter_client kernel client, shared by the Jupyter-level tests."""
import os
import shutil
import tempfile
import time

from jupyter_client.manager import KernelManager


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
    return shell_reply(kc, msg_id, timeout), outputs


def shell_reply(kc, msg_id, timeout):
    """The shell reply to request msg_id, skipping others (a late kernel_info reply from the start)."""
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    return reply


def run_cell(kc, code, timeout, **kwargs):
    """Executes code; returns (reply, outputs) as collect does."""
    return collect(kc, kc.execute(code, **kwargs), timeout)


def start_kernel(transport="tcp", startup_timeout=60, **kwargs):
    """Starts the installed cuaderno kernel over "tcp" or "ipc" (Unix sockets, as hosted notebooks use) and waits
    until it answers; kwargs go to start_kernel (env, cwd). Returns (km, kc); stop with shutdown(km, kc)."""
    ip = {}
    if transport == "ipc":
        # the endpoint files, <ip>-<port>, in a short folder: a Unix socket's path has at most 107 bytes
        ip["ip"] = os.path.join(tempfile.mkdtemp(prefix="cuaderno-ipc-"), "kernel")
    km = KernelManager(kernel_name="cuaderno", transport=transport, **ip)
    km.start_kernel(**kwargs)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=startup_timeout)
    except RuntimeError:
        shutdown(km, kc)
        raise
    return km, kc


def shutdown(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    if km.transport == "ipc":
        shutil.rmtree(os.path.dirname(km.ip), ignore_errors=True)


def endpoint(connection_info, port_name):
    """The ZeroMQ address of a channel, as a client connects to it: tcp://ip:port or ipc://ip-port."""
    info = connection_info
    separator = "-" if info["transport"] == "ipc" else ":"
    return f"{info['transport']}://{info['ip']}{separator}{info[port_name]}"
