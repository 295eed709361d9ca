"""The student's view in a real browser: a Jupyter Notebook 6.4 server on 127.0.0.1 with the Cuaderno kernel in quick
mode, and Debian's Chromium driven by playwright-core (tests/browser/student.mjs) running a course notebook with
Kernel > Restart & Run All, then live progress, a training stopped by ■ and one by a NaN loss, the interrupt button,
Tab completion and Shift-Tab in a scratch notebook, and a homework made by `cuaderno.jar assign` answered in the editor until its test cell passes.
Screenshots go to target/ci-artifacts/browser-*.png."""
import glob
import json
import os
import re
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
    "model.fit(digits.train().scaled(), digits.train().labels(), Fit.epochs(500).batchSize(16))",
    # seed 004's NaN run: no activations, cross-entropy, unscaled pixels
    'Sequential unscaled = new Sequential(new Dense(100).inputDim(784), new Dense(10));\n'
    'unscaled.compile(Optimizer.sgd(), "sparse_categorical_crossentropy");\n'
    'unscaled.fit(digits.train().pixels(), digits.train().labels(), Fit.epochs(5))',
]
# A homework's source, in nbgrader's format: an answer cell with its solution marked, and a test cell
HOMEWORK_CELLS = [
    ("markdown", "Write `square(x)`, which returns x times x.", None),
    ("code", "static int square(int x) {\n    // BEGIN SOLUTION\n    return x * x;\n    // END SOLUTION\n}",
     {"grade_id": "square", "solution": True, "grade": False, "locked": False}),
    ("code", "Check.equal(9, square(3));\nCheck.equal(0, square(0));",
     {"grade_id": "test_square", "grade": True, "points": 2, "solution": False, "locked": True}),
]
KERNELSPEC = {"name": "cuaderno", "display_name": "Java (Cuaderno)", "language": "java"}


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
        scratch.metadata["kernelspec"] = KERNELSPEC
        nbformat.write(scratch, os.path.join(cls.work, "scratch.ipynb"))
        cls.assign = cls.assign_homework()
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
                                       os.path.basename(course), "scratch.ipynb", ARTIFACTS, results,
                                       "homework.ipynb"],
                                      capture_output=True, text=True, timeout=1200, cwd=BROWSER)
            # what the server printed during the lesson, before its shutdown (the kernels are stopped by SIGTERM
            # and a shutdown request at once, and jeromq may print a closed channel on the way out)
            cls.lesson_log_size = os.path.getsize(os.path.join(cls.work, "server.log"))
            cls.results = {}
            if os.path.exists(results):
                with open(results) as f:
                    cls.results = {check["name"]: check for check in json.load(f)}
        finally:
            cls.stop_server()

    @classmethod
    def assign_homework(cls):
        """The student version of a small homework, made by `cuaderno.jar assign`, as homework.ipynb."""
        source = nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC})
        for kind, text, grading in HOMEWORK_CELLS:
            metadata = {"nbgrader": dict(grading, schema_version=3)} if grading else {}
            make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
            source.cells.append(make(text, metadata=metadata))
        folder = os.path.join(cls.work, "homework-source")
        os.makedirs(folder)
        nbformat.write(source, os.path.join(folder, "homework.ipynb"))
        done = subprocess.run([shutil.which("java"), "-jar", os.path.join(ROOT, "target", "cuaderno.jar"), "assign",
                               os.path.join(folder, "homework.ipynb"), "-o", cls.work, "--no-check"],
                              capture_output=True, text=True, timeout=300)
        return done

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
        detail = self.assertCheck("progress_changes_while_training")
        self.assertTrue(detail["stoppedByInterrupt"], "500 epochs should still be running when ■ is pressed")

    def test_a_stopped_training_says_why_once(self):
        """Why training stopped shows once in the cell: in the progress area, not again below the history table."""
        interrupted = self.assertCheck("progress_changes_while_training")["final"]
        self.assertEqual(interrupted.count("Training interrupted"), 1, interrupted)
        nan = self.assertCheck("a_nan_loss_stops_training")
        self.assertEqual(len(re.findall("the loss became (NaN|infinite)", nan["output"])), 1, nan["output"])
        self.assertEqual(nan["wordsSplit"], [], "the browser broke words of fit's output across lines")

    def test_the_server_terminal_has_no_kernel_warnings(self):
        """Kernel logs go to the server's terminal: a class's teacher should see none from a normal lesson (DL4J's
        'InputType ... size of zero' was one)."""
        self.assertTrue(self.results, "the browser run recorded nothing")
        with open(os.path.join(self.work, "server.log"), errors="replace") as f:
            lesson = f.read(self.lesson_log_size).splitlines()
        kernel_lines = [line for line in lesson if not line.startswith("[")]  # the server's own lines are [I ...]
        self.assertEqual([line for line in kernel_lines if re.search(r"WARN|ERROR|Exception", line)], [])

    def test_interrupt_stops_a_loop_and_keeps_variables(self):
        self.assertCheck("interrupt_stops_a_loop_and_keeps_variables")

    def test_tab_completes_Math_ab_with_abs(self):
        self.assertCheck("tab_completes_Math_ab_with_abs")

    def test_shift_tab_shows_the_signature_and_javadoc(self):
        """The JDK's Javadoc comes from Debian's openjdk-17-source (src.zip), Cuaderno's from cuaderno-sources.jar;
        either way as text, its inline tags ({@code x}, {@link T}) written out."""
        java_home = os.path.dirname(os.path.dirname(os.path.realpath(shutil.which("java"))))
        self.assertTrue(os.path.exists(os.path.join(java_home, "lib", "src.zip")),
                        "the JDK's sources are missing: apt-get install openjdk-17-source (scripts/setup does)")
        shown = self.assertCheck("shift_tab_shows_the_signature")
        tooltips = shown["tooltips"]
        expected = {"max": ["int Math.max(int a, int b)", "Returns the greater of two int values"],
                    "substring": ["String String.substring(int beginIndex)", "Returns a string that is a substring"],
                    "view": ["TableView Tables.view(Table table)", "The table with choices about how it shows: "
                             "Tables.view(t).rowNumbers(false).decimals(4)"]}
        for method, texts in expected.items():
            tooltip = " ".join(tooltips[method].split())  # the kernel wraps Javadoc at 75 columns
            for text in texts:
                self.assertIn(text, tooltip)
            self.assertNotRegex(tooltip, r"\{@|</?[a-z][a-z0-9]*\b[^>]*>", "a Javadoc tag left raw in the tooltip")
            self.assertEqual(shown["wordsSplit"][method], [], "the tooltip broke words across lines: the kernel's"
                             " lines are wider than the tooltip")

    def test_homework_answer_passes_its_check(self):
        self.assertEqual(self.assign.returncode, 0, self.assign.stdout + self.assign.stderr)
        self.assertCheck("homework_answer_passes_its_check")

    def test_screenshots_are_saved(self):
        for name in ("course", "scratch", "homework"):
            path = os.path.join(ARTIFACTS, f"browser-{name}.png")
            self.assertTrue(os.path.exists(path), path)
            with open(path, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


if __name__ == "__main__":
    unittest.main()
