"""The student's view in a real browser: a Jupyter Notebook 6.4 server on 127.0.0.1 with the Cuaderno kernel in quick
mode, and Debian's Chromium driven by playwright-core (tests/browser/student.mjs) running a course notebook with
Kernel > Restart & Run All, then live progress, the interrupt button, Tab completion and Shift-Tab in a scratch
notebook. Screenshots go to target/ci-artifacts/browser-*.png."""
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BROWSER = os.path.join(HERE, "browser")
ARTIFACTS = os.path.join(ROOT, "target", "ci-artifacts")

SCRATCH_CELLS = [
    "int kept = 7;",
    "while (true) {}",
    "kept",
    'Mnist digits = Mnist.sample();\n'
    'Sequential model = new Sequential(new Dense(256, "relu").inputDim(784), new Dense(10, "softmax"));\n'
    'model.compile(Optimizer.adam(), "sparse_categorical_crossentropy", "accuracy");',
    "model.fit(digits.train().scaled(), digits.train().labels(), Fit.epochs(40).batchSize(16))",
]


def course_notebook():
    """The first English lesson that trains a model (picked by content: lessons are renamed and added)."""
    for path in sorted(glob.glob(os.path.join(ROOT, "notebooks", "en", "*.ipynb"))):
        nb = nbformat.read(path, as_version=4)
        if any(".fit(" in cell.source for cell in nb.cells if cell.cell_type == "code"):
            return path
    raise AssertionError("no English course notebook with a training cell in notebooks/en/")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def private_jupyter_env():
    """scripts/test's private Jupyter folders (set already when tests/run.py runs under it)."""
    base = os.path.join(ROOT, "target", "jupyter-test")
    env = dict(os.environ, CUADERNO_QUICK="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    env.setdefault("JUPYTER_PATH", os.path.join(base, "share", "jupyter"))
    env.setdefault("JUPYTER_CONFIG_DIR", os.path.join(base, "config"))
    env.setdefault("JUPYTER_RUNTIME_DIR", os.path.join(base, "runtime"))
    env.setdefault("JUPYTER_DATA_DIR", os.path.join(base, "data"))
    return env


class BrowserTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if not os.path.exists(os.path.join(BROWSER, "node_modules", "playwright-core")):
            raise AssertionError("playwright-core is not installed: run tests/browser/install (scripts/setup does)")
        cls.work = tempfile.mkdtemp(prefix="cuaderno-browser-")
        course = course_notebook()
        shutil.copy(course, cls.work)
        scratch = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in SCRATCH_CELLS])
        scratch.metadata["kernelspec"] = {"name": "cuaderno", "display_name": "Java (Cuaderno)", "language": "java"}
        nbformat.write(scratch, os.path.join(cls.work, "scratch.ipynb"))
        os.makedirs(ARTIFACTS, exist_ok=True)

        token, port = os.urandom(16).hex(), free_port()
        url = f"http://127.0.0.1:{port}"
        command = ["/usr/bin/jupyter", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
                   f"--NotebookApp.token={token}", f"--notebook-dir={cls.work}",
                   "--NotebookApp.open_browser=False", "--MappingKernelManager.default_kernel_name=cuaderno"]
        if os.geteuid() == 0:
            command.append("--allow-root")
        cls.server_log = open(os.path.join(cls.work, "server.log"), "w")
        cls.server = subprocess.Popen(command, env=private_jupyter_env(), stdout=cls.server_log,
                                      stderr=subprocess.STDOUT, start_new_session=True)
        try:
            cls.wait_for_server(url, token)
            results = os.path.join(cls.work, "results.json")
            cls.node = subprocess.run(["node", os.path.join(BROWSER, "student.mjs"), url, token,
                                       os.path.basename(course), "scratch.ipynb", ARTIFACTS, results],
                                      capture_output=True, text=True, timeout=1200, cwd=BROWSER)
            cls.results = {}
            if os.path.exists(results):
                with open(results) as f:
                    cls.results = {check["name"]: check for check in json.load(f)}
        finally:
            cls.stop_server()

    @classmethod
    def wait_for_server(cls, url, token, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5).read()
                return
            except OSError:
                if cls.server.poll() is not None:
                    break
                time.sleep(0.3)
        raise AssertionError("Jupyter Notebook did not start: " + cls.log_tail())

    @classmethod
    def stop_server(cls):
        if cls.server.poll() is None:
            os.killpg(cls.server.pid, signal.SIGTERM)  # the server shuts its kernels down on the way out
            try:
                cls.server.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(cls.server.pid, signal.SIGKILL)
                cls.server.wait()
        cls.server_log.close()

    @classmethod
    def log_tail(cls):
        with open(os.path.join(cls.work, "server.log"), errors="replace") as f:
            return f.read()[-3000:]

    @classmethod
    def tearDownClass(cls):
        for name in ("server.log", "results.json"):
            if os.path.exists(os.path.join(cls.work, name)):
                shutil.copy(os.path.join(cls.work, name), os.path.join(ARTIFACTS, "browser-" + name))
        shutil.rmtree(cls.work, ignore_errors=True)

    def assertCheck(self, name):
        check = self.results.get(name)
        if check is None:
            self.fail(f"the browser run did not reach '{name}' (node exited {self.node.returncode}):\n"
                      f"{self.node.stdout[-2000:]}{self.node.stderr[-3000:]}")
        self.assertTrue(check["ok"], check.get("message"))
        return check["detail"]

    def test_course_notebook_restart_and_run_all(self):
        self.assertCheck("course_notebook_opens")
        self.assertGreater(self.assertCheck("restart_and_run_all")["cells"], 5)

    def test_no_error_or_stderr_outputs(self):
        self.assertCheck("no_error_or_stderr_outputs")

    def test_tables_render(self):
        self.assertCheck("tables_render")

    def test_images_decode(self):
        self.assertCheck("images_decode")

    def test_progress_changes_while_training(self):
        self.assertCheck("scratch_notebook_opens")
        self.assertCheck("progress_changes_while_training")

    def test_interrupt_stops_a_loop_and_keeps_variables(self):
        self.assertCheck("interrupt_stops_a_loop_and_keeps_variables")

    def test_tab_completes_Math_ab_with_abs(self):
        self.assertCheck("tab_completes_Math_ab_with_abs")

    def test_shift_tab_shows_the_signature(self):
        self.assertCheck("shift_tab_shows_the_signature")

    def test_screenshots_are_saved(self):
        for name in ("course", "scratch"):
            path = os.path.join(ARTIFACTS, f"browser-{name}.png")
            self.assertTrue(os.path.exists(path), path)
            with open(path, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


if __name__ == "__main__":
    unittest.main()
