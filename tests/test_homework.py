"""Homework end to end through the real commands and the real kernel: assign a source notebook, validate, grade a
class of synthetic submissions (correct, partly correct, untouched, broken, hostile) each in its bubblewrap sandbox,
and read the gradebook, the feedback pages and their PDF."""
import csv
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

import nbformat

import kernel_client
from jupyter_client.manager import start_new_kernel
from pdf_checks import pdf_text

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JAR = os.path.join(ROOT, "target", "cuaderno.jar")
CELL_TIMEOUT = 30      # the infinite loop costs this much; a loaded CI machine needs the margin for the other cells
NOTEBOOK_TIMEOUT = 300
LIMITS = ["--cell-timeout", str(CELL_TIMEOUT), "--timeout", str(NOTEBOOK_TIMEOUT), "--memory", "1g"]

SQUARE = "static int square(int x) {\n    // BEGIN SOLUTION\n    return x * x;\n    // END SOLUTION\n}"
MEAN = ("static double mean(double[] xs) {\n    // BEGIN SOLUTION\n    double sum = 0;\n    for (double x : xs) sum += x;\n"
        "    // END SOLUTION\n    return sum / xs.length;\n}")
SQUARE_OK = "static int square(int x) {\n    return x * x;\n}"
MEAN_OK = "static double mean(double[] xs) {\n    double sum = 0;\n    for (double x : xs) sum += x;\n    return sum / xs.length;\n}"


# the commands' working folders go to a temporary folder of this test's own: other checkouts grading on the same
# machine leave theirs in /tmp while they run
WORK_TMP = tempfile.mkdtemp(prefix="hw-tmp-")


def tearDownModule():
    shutil.rmtree(WORK_TMP, ignore_errors=True)


def java(*args, timeout=900):
    return subprocess.run([shutil.which("java"), f"-Djava.io.tmpdir={WORK_TMP}", "-jar", JAR, *args],
                          capture_output=True, text=True, timeout=timeout)


def nbgrader(grade_id, grade=False, solution=False, locked=False, points=None, task=False):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if points is not None:
        meta["points"] = points
    if task:
        meta["task"] = True
    return {"nbgrader": meta}


def source_notebook(tests=None):
    """hw1: three answers (a method, statements before a return, a whole cell), their tests (one with hidden
    tests), a written answer and a task the teacher grades."""
    code, md = nbformat.v4.new_code_cell, nbformat.v4.new_markdown_cell
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "cuaderno", "language": "java", "display_name": "Java (Cuaderno)"}
    nb.cells = [
        md("# Homework 1"),
        code(SQUARE, metadata=nbgrader("square", solution=True)),
        code("Check.equal(9, square(3));\n// BEGIN HIDDEN TESTS\nCheck.equal(16, square(4));\n// END HIDDEN TESTS",
             metadata=nbgrader("test_square", grade=True, locked=True, points=2)),
        code(MEAN, metadata=nbgrader("mean", solution=True)),
        code("Check.equal(2.5, mean(new double[] {1, 2, 3, 4}));",
             metadata=nbgrader("test_mean", grade=True, locked=True, points=3)),
        code("int answer = 6 * 7;", metadata=nbgrader("answer", solution=True)),
        code("Check.equal(42, answer);", metadata=nbgrader("test_answer", grade=True, locked=True, points=1)),
        md("Why is the mean of no numbers NaN?\n\nBEGIN SOLUTION\nBecause it is 0 / 0.\nEND SOLUTION",
           metadata=nbgrader("why", grade=True, solution=True, points=1)),
        md("Plot the squares from 1 to 10 and describe the curve.", metadata=nbgrader("plot", locked=True, points=2, task=True)),
    ]
    for cell in tests or []:
        nb.cells.append(cell)
    return nb


# nbgrader's own compute_checksum and the predicates it uses (jupyter/nbgrader, nbgrader/utils.py, BSD-3-Clause),
# to hold the checksums assign writes to the real algorithm
def is_grade(cell):
    return cell.metadata["nbgrader"].get("grade", False) if "nbgrader" in cell.metadata else False


def is_solution(cell):
    return cell.metadata["nbgrader"].get("solution", False) if "nbgrader" in cell.metadata else False


def is_locked(cell):
    if "nbgrader" not in cell.metadata:
        return False
    elif is_solution(cell):
        return False
    elif is_grade(cell):
        return True
    return cell.metadata["nbgrader"].get("locked", False)


def compute_checksum(cell):
    m = hashlib.md5()
    m.update(cell.source.encode("utf-8"))
    m.update(cell.cell_type.encode("utf-8"))
    m.update(str(is_grade(cell)).encode("utf-8"))
    m.update(str(is_solution(cell)).encode("utf-8"))
    m.update(str(is_locked(cell)).encode("utf-8"))
    m.update(cell.metadata.nbgrader["grade_id"].encode("utf-8"))
    if is_grade(cell):
        m.update(str(float(cell.metadata.nbgrader["points"])).encode("utf-8"))
    return m.hexdigest()


def sandbox_processes():
    """Sandboxes this checkout's homework commands started that are still running, with everything inside them
    (other checkouts on the same machine may be grading at the same time: their sandboxes bind another jar)."""
    out = subprocess.run(["ps", "-eo", "pid=,ppid=,args="], capture_output=True, text=True).stdout
    processes = {}
    for line in out.splitlines():
        pid, ppid, *args = line.split(None, 2)
        processes[pid] = (ppid, args[0] if args else "")
    ours = {pid for pid, (_, args) in processes.items() if args.startswith("/usr/bin/bwrap") and JAR in args}

    def inside(pid):
        seen = set()
        while pid in processes and pid not in seen:
            if pid in ours:
                return True
            seen.add(pid)
            pid = processes[pid][0]
        return False

    return [args for pid, (_, args) in processes.items() if inside(pid)]


def work_folders():
    return set(glob.glob(os.path.join(WORK_TMP, "cuaderno-homework-*")))


class HomeworkTests(unittest.TestCase):
    """One assign, one class graded, then each test reads what came out."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="hw-test-")
        cls.folders_before = work_folders()
        cls.source = os.path.join(cls.dir, "hw1.ipynb")
        nbformat.write(source_notebook(), cls.source)
        cls.assign = java("assign", cls.source, *LIMITS)
        cls.release = os.path.join(cls.dir, "release", "hw1.ipynb")
        cls.students = cls.make_class()
        start = time.time()
        cls.grade = java("grade", cls.source, *sorted(cls.students.values()), "-o", os.path.join(cls.dir, "graded"),
                         "-j", "2", *LIMITS)
        cls.grade_seconds = time.time() - start
        with open(os.path.join(cls.dir, "graded", "gradebook.csv"), newline="") as f:
            cls.rows = list(csv.DictReader(f))

    @classmethod
    def tearDownClass(cls):
        # the gradebook and feedback pages stay with CI's artifacts, for a look when a score is not the expected one
        artifacts = os.path.join(ROOT, "target", "ci-artifacts", "homework-graded")
        shutil.rmtree(artifacts, ignore_errors=True)
        shutil.copytree(os.path.join(cls.dir, "graded"), artifacts, dirs_exist_ok=True)
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def make_class(cls):
        """Synthetic submissions in submitted/STUDENT/hw1.ipynb, made from the student version."""
        students = {}
        other = os.path.join(cls.dir, "submitted", "correct", "hw1.ipynb")
        gradebook = os.path.join(cls.dir, "graded", "gradebook.csv")
        os.makedirs(os.path.dirname(gradebook))
        with open(gradebook, "w") as f:
            f.write("student,grade_id,points,max_points\nlast_year,test_square,2,2\n")
        reads = "\n".join(
            f'try {{ String s = Files.readString(Path.of("{path}")); System.out.println("LEAKED {what} " + s.length()); }}'
            f' catch (Exception e) {{ System.out.println("blocked {what}: " + e); }}'
            for what, path in [("submission", other), ("source", cls.source), ("gradebook", gradebook)])
        snoop = SQUARE_OK + "\n" + reads + """
try (var socket = new java.net.Socket()) {
    socket.connect(new java.net.InetSocketAddress("1.1.1.1", 53), 3000);
    System.out.println("LEAKED network");
} catch (Exception e) { System.out.println("blocked network: " + e); }"""
        plans = {
            "correct": {"why": "Because it divides 0 by 0."},
            "partial": {"mean": "static double mean(double[] xs) {\n    return xs[0];\n}"},
            "untouched": None,
            "compile_error": {"square": "static int square(int x) {\n    return x * x\n}"},
            "infinite_loop": {"square": "static int square(int x) {\n    while (true) { }\n}"},
            "system_exit": {"square": "static int square(int x) {\n    System.exit(1);\n    return x * x;\n}"},
            "heap_oom": {"square": "static int square(int x) {\n    List<long[]> hog = new ArrayList<>();\n"
                                   "    while (true) hog.add(new long[10_000_000]);\n}"},
            "native_oom": {"square": "static int square(int x) {\n    Nd4j.create(200_000, 200_000);\n    return x * x;\n}"},
            "edited_test": {"square": "static int square(int x) {\n    return 0;\n}", "test_square": "// all good\n"},
            "snoop": {"square": snoop},
            "huge_file": {"mean": MEAN_OK + "\ntry (var out = new FileOutputStream(\"huge.bin\")) {\n"
                                            "    byte[] mb = new byte[1 << 20];\n    for (int i = 0; i < 4096; i++) out.write(mb);\n}"},
            "stderr_noise": {"square": SQUARE_OK + "\nSystem.err.println(\"debug: square is ready\");"},
        }
        for name, plan in plans.items():
            nb = nbformat.read(cls.release, as_version=4)
            answers = {"square": SQUARE_OK, "mean": MEAN_OK, "answer": "int answer = 42;"} if plan is not None else {}
            answers.update(plan or {})
            for cell in nb.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                if grade_id in answers:
                    cell.source = answers[grade_id]
            path = os.path.join(cls.dir, "submitted", name, "hw1.ipynb")
            os.makedirs(os.path.dirname(path))
            nbformat.write(nb, path)
            students[name] = path
        bad = os.path.join(cls.dir, "submitted", "not_a_notebook", "hw1.ipynb")
        os.makedirs(os.path.dirname(bad))
        with open(bad, "w") as f:
            f.write("this is not JSON")
        students["not_a_notebook"] = bad
        return students

    def points(self, student):
        return {r["grade_id"]: r["points"] for r in self.rows if r["student"] == student}

    def why(self, student, grade_id):
        """The result line of a graded cell in the student's feedback page."""
        found = re.search(r'<div class="result \w+">' + grade_id + r' — (.*?)</div>', self.feedback(student), re.S)
        return found.group(1) if found else "(no result line)"

    def feedback(self, student):
        with open(os.path.join(self.dir, "graded", "feedback", student + ".html"), encoding="utf-8") as f:
            return f.read()

    # ---------------------------------------------------------------- assign

    def test_assign_checks_both_versions_then_writes_the_student_version(self):
        self.assertEqual(self.assign.returncode, 0, self.assign.stdout + self.assign.stderr)
        self.assertIn("hw1.ipynb: 4 answers, 3 tests (6 points), 2 graded by hand (3 points)", self.assign.stdout)
        self.assertIn("source: every test passes (3 of 3)", self.assign.stdout)
        self.assertIn("student version: every test fails (3 of 3)", self.assign.stdout)
        nb = nbformat.read(self.release, as_version=4)
        sources = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells if "nbgrader" in c.metadata}
        self.assertEqual(sources["square"], "static int square(int x) {\n    // YOUR CODE HERE\n"
                         "    throw new UnsupportedOperationException(\"exercise not done yet: square\");\n}")
        self.assertIn("    double sum;\n    // YOUR CODE HERE\n    if (true) throw", sources["mean"])
        self.assertEqual(sources["answer"], "int answer;\n// YOUR CODE HERE\n"
                         "throw new UnsupportedOperationException(\"exercise not done yet: answer\");")
        self.assertEqual(sources["test_square"], "Check.equal(9, square(3));")
        self.assertEqual(sources["why"], "Why is the mean of no numbers NaN?\n\nYOUR ANSWER HERE")
        for cell in nb.cells:
            if cell.cell_type == "code":
                self.assertEqual(cell.outputs, [])
            if "nbgrader" in cell.metadata:
                self.assertEqual(cell.metadata.nbgrader["checksum"], compute_checksum(cell), "nbgrader's checksum")
        self.assertFalse(nb.cells[2].metadata["editable"])

    def test_assign_refuses_a_source_that_fails_or_gives_points_away(self):
        nb = source_notebook([
            nbformat.v4.new_code_cell("Check.equal(10, square(3));", metadata=nbgrader("test_wrong", grade=True, locked=True, points=1)),
            nbformat.v4.new_code_cell("Check.equal(1, 1);", metadata=nbgrader("test_free", grade=True, locked=True, points=1)),
        ])
        path = os.path.join(self.dir, "bad", "bad.ipynb")
        os.makedirs(os.path.dirname(path))
        nbformat.write(nb, path)
        done = java("assign", path, *LIMITS)
        self.assertEqual(done.returncode, 1, done.stdout + done.stderr)
        self.assertIn("source: test_wrong fails: CheckFailed: expected 10 but got 9", done.stdout)
        self.assertIn("student version: test_free passes without an answer (1 point for nothing)", done.stdout)
        self.assertIn("not written", done.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "bad", "release")))

    # ---------------------------------------------------------------- validate

    def test_validate_lists_each_test_with_its_points(self):
        done = java("validate", self.students["partial"], *LIMITS)
        self.assertEqual(done.returncode, 1, done.stdout + done.stderr)
        lines = done.stdout.splitlines()
        self.assertEqual(lines[0], "hw1.ipynb: 3 tests, 6 points")
        self.assertEqual(lines[1].split(), ["✓", "test_square", "2", "points"])
        self.assertRegex(lines[2], r"✗ test_mean\s+0 of 3 points  CheckFailed: expected 2.5 but got 1.0")
        self.assertEqual(lines[-1], "2 of 3 tests pass: 3 of 6 points")
        self.assertLessEqual(len(lines), 12, "one screen")
        self.assertEqual(java("validate", self.students["correct"], *LIMITS).returncode, 0)

    def test_validate_speaks_the_notebooks_language(self):
        spanish = os.path.join(self.dir, "es")
        done = java("assign", self.source, "--lang", "es", "--no-check", "-o", spanish)
        self.assertEqual(done.returncode, 0, done.stderr)
        done = java("validate", os.path.join(spanish, "hw1.ipynb"), *LIMITS)
        self.assertIn("hw1.ipynb: 3 pruebas, 6 puntos", done.stdout)
        self.assertIn("UnsupportedOperationException: ejercicio sin resolver: square", done.stdout)
        self.assertRegex(done.stdout, r"· why\s+sin respuesta \(0 / 1\)")
        self.assertIn("la califica tu docente (hasta 2 puntos)", done.stdout)
        self.assertTrue(done.stdout.strip().endswith("0 de 3 pruebas superadas: 0 de 6 puntos"), done.stdout)

    # ---------------------------------------------------------------- grade

    def test_each_submission_gets_the_score_it_deserves(self):
        self.assertEqual(self.grade.returncode, 0, self.grade.stdout + self.grade.stderr)
        all_tests = {"test_square": "2", "test_mean": "3", "test_answer": "1"}
        broken_square = {"test_square": "0", "test_mean": "3", "test_answer": "1"}
        expected = {
            "correct": {**all_tests, "why": "", "plot": ""},
            "partial": {"test_square": "2", "test_mean": "0", "test_answer": "1", "why": "0", "plot": ""},
            "untouched": {"test_square": "0", "test_mean": "0", "test_answer": "0", "why": "0", "plot": ""},
            "compile_error": broken_square, "infinite_loop": broken_square, "system_exit": broken_square,
            "heap_oom": broken_square, "native_oom": broken_square, "edited_test": broken_square,
            "snoop": all_tests, "huge_file": all_tests, "stderr_noise": all_tests,
            "not_a_notebook": {"test_square": "0", "test_mean": "0", "test_answer": "0", "why": "0", "plot": "0"},
        }
        for student, scores in expected.items():
            got = self.points(student)
            for grade_id, points in scores.items():
                self.assertEqual(got.get(grade_id), points, f"{student} {grade_id}: {got} {self.why(student, grade_id)}")
        self.assertEqual(list(self.rows[0].keys()), ["student", "grade_id", "points", "max_points"])
        self.assertEqual(len(self.rows), 13 * 5, "one row per student and graded cell")

    def test_why_is_in_the_feedback(self):
        self.assertIn(f"TimeLimit: the cell ran longer than its time limit ({CELL_TIMEOUT} s)", self.feedback("infinite_loop"))
        self.assertIn("SystemExit", self.feedback("system_exit"))
        self.assertIn("OutOfMemoryError", self.feedback("heap_oom"))
        native = self.feedback("native_oom")
        self.assertTrue("OutOfMemoryError" in native or "KernelDied" in native, "a native OOM ends the cell or the kernel")
        self.assertIn("CompileError", self.feedback("compile_error"))
        self.assertIn("This locked cell had been edited", self.feedback("edited_test"))
        self.assertIn("edited locked cells, restored: test_square", self.grade.stdout)
        self.assertIn("not a notebook", self.feedback("not_a_notebook"))
        self.assertIn("debug: square is ready", self.feedback("stderr_noise"))
        huge = self.feedback("huge_file")
        self.assertTrue("No space left on device" in huge or "File too large" in huge, "the huge file is cut off")
        correct = self.feedback("correct")
        self.assertIn("Score: 6 of 9 points (3 points still to be graded by the teacher)", correct)
        self.assertIn("Check.equal(16, square(4));", correct, "hidden tests shown after grading")

    def test_nothing_leaks_out_of_the_sandbox(self):
        page = self.feedback("snoop")
        self.assertNotRegex(page, r">LEAKED", "an output says what leaked")
        for what in ("submission", "source", "gradebook", "network"):
            self.assertIn(f"blocked {what}:", page)
        with open(os.path.join(self.dir, "graded", "gradebook.csv")) as f:
            self.assertNotIn("last_year", f.read(), "the gradebook is written afresh")
        self.assertEqual(sandbox_processes(), [], "no kernel or sandbox outlives grading")
        self.assertEqual(work_folders() - self.folders_before, set(), "no working folder left behind")
        self.assertEqual(glob.glob(os.path.join(self.dir, "**", "hs_err_pid*.log"), recursive=True), [])

    def test_no_run_exceeds_its_limits(self):
        seconds = {m.group(1): float(m.group(2)) for m in re.finditer(r"^  (\w+)\s+.*?\s([\d.]+) s", self.grade.stdout, re.M)}
        self.assertEqual(len(seconds), 13, self.grade.stdout)
        for student, took in seconds.items():
            self.assertLess(took, NOTEBOOK_TIMEOUT, student)
        # the loop is stopped at its cell's limit (plus starting kernels and the other cells)
        self.assertLess(seconds["infinite_loop"], CELL_TIMEOUT + 90, self.grade.stdout)

    def test_feedback_prints_to_pdf(self):
        page = os.path.join(self.dir, "graded", "feedback", "correct.html")
        done = java("pdf", page, "-o", os.path.join(self.dir, "correct.pdf"))
        self.assertEqual(done.returncode, 0, done.stderr)
        text = pdf_text(os.path.join(self.dir, "correct.pdf"))
        self.assertIn("Score: 6 of 9 points", text)
        self.assertIn("test_square", text)


class CheckInTheKernelTests(unittest.TestCase):
    """Check as students meet it in a live notebook: one line, in their language, only their cell's frames."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="cuaderno", startup_timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def error(self, code):
        reply, outputs = kernel_client.run_cell(self.kc, code, 60)
        self.assertEqual(reply["content"]["status"], "error", outputs)
        return [m["content"] for m in outputs if m["msg_type"] == "error"][0]

    def test_a_failed_check_reads_in_one_line(self):
        error = self.error("int square(int x) { return x * 2; }\nCheck.equal(9, square(3));")
        self.assertEqual(error["ename"], "CheckFailed")
        lines = [re.sub(r"\x1b\[[;\d]*m", "", line) for line in error["traceback"]]
        self.assertEqual(lines[0], "CheckFailed: expected 9 but got 6", "the kernel names it as Check's messages do")
        self.assertEqual(len(lines), 2, lines)
        self.assertRegex(lines[1], r"^    at \(In \[\d+\], line 2\)$", "only the cell's own frame")

    def test_spanish_on_request(self):
        error = self.error('Check.language("es");\nCheck.equal(0.9, 0.5, 0.01);')
        self.assertIn("se esperaba 0.9 ± 0.01 pero se obtuvo 0.5", error["evalue"])
        reply, _ = kernel_client.run_cell(self.kc, 'Check.language("en");', 60)
        self.assertEqual(reply["content"]["status"], "ok")


if __name__ == "__main__":
    unittest.main()
