"""Runs one notebook, cell by cell, in a fresh kernel, and reports each cell as it finishes.

Cuaderno's homework commands start this (inside the sandbox when grading) with a JSON request on stdin:
  {"notebook": {...}, "kernel": "cuaderno", "cell_timeout": 60, "notebook_timeout": 900,
   "max_output_chars": 100000, "copy_as": "hw1.ipynb"}
and read one JSON object per line on stdout:
  {"cell": 3, "status": "ok"|"error"|"timeout"|"died"|"skipped", "outputs": [...], "execution_count": 2,
   "seconds": 0.4}
then {"done": true}. The kernel's own output and nbclient's logs go to stderr, so nothing but these lines is
ever on stdout. A cell that runs past its time limit is interrupted (and its kernel killed if it does not stop);
a kernel that dies is replaced by a fresh one for the cells after it, so one bad cell costs only its own points.
"""
import json
import os
import signal
import sys
import threading
import time

import nbformat
from nbformat.v4.rwbase import rejoin_lines
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

GRACE_SECONDS = 10  # after the interrupt, how long a cell may take to stop before its kernel is killed


def error_output(ename, evalue):
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue,
                                  traceback=["\u001b[1;31m" + ename + "\u001b[0m: " + evalue])


def limited(outputs, max_chars):
    """Long text outputs are cut (nbgrader's LimitOutput does the same), so a flood of prints stays small."""
    for output in outputs:
        if output.get("output_type") == "stream":
            text = output.get("text", "")
            if len(text) > max_chars:
                output["text"] = text[:max_chars] + "\n... (output cut after %d characters)\n" % max_chars
    return outputs


class Run:
    def __init__(self, request, emit):
        self.nb = rejoin_lines(nbformat.from_dict(request["notebook"]))
        self.kernel = request.get("kernel", "cuaderno")
        self.cell_timeout = float(request.get("cell_timeout", 60))
        self.deadline = time.monotonic() + float(request.get("notebook_timeout", 900))
        self.notebook_timeout = float(request.get("notebook_timeout", 900))
        self.max_chars = int(request.get("max_output_chars", 100000))
        self.emit = emit
        self.killed_by_watchdog = False

    def code_cells(self):
        return [i for i, c in enumerate(self.nb.cells) if c.cell_type == "code" and c.source.strip()]

    def run(self):
        pending = self.code_cells()
        while pending:
            if time.monotonic() >= self.deadline:
                break
            client = NotebookClient(self.nb, kernel_name=self.kernel, timeout=int(self.cell_timeout),
                                    interrupt_on_timeout=True, allow_errors=True, record_timing=False,
                                    startup_timeout=120, shutdown_kernel="immediate")
            try:
                with client.setup_kernel(cwd=os.getcwd()):
                    while pending:
                        index = pending[0]
                        if time.monotonic() >= self.deadline:
                            break
                        alive = self.run_cell(client, index)
                        pending.pop(0)
                        if not alive:
                            break  # a new kernel for the cells that are left
            except DeadKernelError:
                pass  # reported by run_cell; the context manager could not shut a dead kernel down cleanly
            except Exception as e:  # the kernel did not start: every cell left fails the same way
                message = "the kernel did not start: %s" % (str(e).strip().splitlines() or [type(e).__name__])[-1]
                self.emit({"problem": message})
                for index in pending:
                    self.report(index, "error", [error_output("KernelError", message)], None, 0.0)
                return
        for index in pending:
            self.report(index, "skipped", [error_output(
                "TimeLimit", "not run: the notebook's time limit (%d s) was reached" % self.notebook_timeout)],
                None, 0.0)

    def run_cell(self, client, index):
        """Runs one cell; returns False when its kernel died (or was killed) and must be replaced."""
        cell = self.nb.cells[index]
        start = time.monotonic()
        limit = max(1.0, min(self.cell_timeout, self.deadline - start))
        self.killed_by_watchdog = False
        watchdog = threading.Timer(limit + GRACE_SECONDS, self.kill, args=(client,))
        watchdog.daemon = True
        watchdog.start()
        try:
            client.timeout = int(limit)
            client.execute_cell(cell, index)
            died = False
        except DeadKernelError:
            died = True
        finally:
            watchdog.cancel()
        seconds = time.monotonic() - start
        outputs = list(cell.get("outputs", []))
        if died and self.killed_by_watchdog or (not died and seconds >= limit):
            outputs = [o for o in outputs if not (o.get("output_type") == "error" and o.get("ename") == "Interrupted")]
            outputs.append(error_output("TimeLimit", "the cell ran longer than its time limit (%d s) and was stopped"
                                        % round(limit)))
            status = "timeout"
        elif died:
            outputs.append(error_output("KernelDied", "the kernel stopped%s while running this cell; the cells after it "
                                        "ran in a new kernel" % self.exit_reason(client)))
            status = "died"
        else:
            status = "error" if any(o.get("output_type") == "error" for o in outputs) else "ok"
        self.report(index, status, outputs, cell.get("execution_count"), seconds)
        return not died

    def report(self, index, status, outputs, execution_count, seconds):
        self.emit({"cell": index, "status": status, "outputs": limited(outputs, self.max_chars),
                   "execution_count": execution_count, "seconds": round(seconds, 3)})

    def kill(self, client):
        process = getattr(getattr(client.km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            self.killed_by_watchdog = True
            os.kill(process.pid, signal.SIGKILL)

    @staticmethod
    def exit_reason(client):
        process = getattr(getattr(client.km, "provisioner", None), "process", None)
        code = process.poll() if process is not None else None
        if code is None:
            return ""
        if code < 0:
            name = {signal.SIGSEGV: "a crash (SIGSEGV)", signal.SIGKILL: "being killed (SIGKILL, out of memory?)",
                    signal.SIGABRT: "an abort (SIGABRT)", signal.SIGXFSZ: "a file over the size limit (SIGXFSZ)"}
            return " after " + name.get(-code, "signal %d" % -code)
        return " with exit code %d" % code


def main():
    request = json.load(sys.stdin)
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # the kernel inherits stdout: keep its chatter out of the protocol
    lock = threading.Lock()

    def emit(obj):
        with lock:
            protocol.write(json.dumps(obj, ensure_ascii=False) + "\n")
            protocol.flush()

    copy_as = request.get("copy_as")
    if copy_as:  # the student's code may look for its own notebook beside it
        with open(os.path.basename(copy_as), "w", encoding="utf-8") as f:
            json.dump(request["notebook"], f)
    Run(request, emit).run()
    emit({"done": True})


if __name__ == "__main__":
    main()
