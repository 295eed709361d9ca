"""The course as homework (notebooks/homework/, made by notebooks/make_homework.py from the lesson sources): the
committed assignments are what the lessons make, assign's checks pass for every lesson in both languages in quick
mode (the teacher's source passes every test, the students' version fails every one and compiles), and one lesson
is graded end to end: a solved submission earns every test's points and leaves the written answers to the teacher,
an untouched one earns nothing."""
import contextlib
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "notebooks"))
import lesson as lesson_format  # noqa: E402
import make_homework  # noqa: E402

JAR = os.path.join(ROOT, "target", "cuaderno.jar")
LESSONS = make_homework.homework_lessons()
GRADED = next(lesson for lesson in LESSONS if lesson.number == "004")   # the lesson graded end to end, in Spanish


def nbgrader(cell):
    return cell.metadata.get("nbgrader", {})


class CourseHomeworkTests(unittest.TestCase):

    def test_every_homework_lesson_assigns_in_both_languages_and_matches_what_is_committed(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            problems = make_homework.compare(LESSONS, everything=True, check=True)
        self.assertEqual(problems, [], out.getvalue())
        report = out.getvalue()
        made = len(LESSONS) * len(lesson_format.LANGUAGES)
        self.assertEqual(report.count("source: every test passes"), made, report)
        self.assertEqual(report.count("student version: every test fails"), made, report)
        self.assertNotIn("warning:", report)

    def test_answers_tests_and_written_answers_of_each_lesson(self):
        for lesson in LESSONS:
            for language in lesson_format.LANGUAGES:
                nb = nbformat.read(make_homework.release_path(lesson, language), as_version=4)
                kinds = [(c.cell_type, nbgrader(c).get("solution"), nbgrader(c).get("grade")) for c in nb.cells]
                name = lesson.notebooks[language]
                self.assertIn(("code", True, False), kinds, f"{name}: no code to write")
                self.assertIn(("code", False, True), kinds, f"{name}: no test")
                self.assertIn(("markdown", True, True), kinds, f"{name}: no written answer")
                for cell in nb.cells:
                    self.assertNotIn("BEGIN SOLUTION", cell.source, name)
                    self.assertNotIn("HIDDEN TESTS", cell.source, name)
                    if nbgrader(cell).get("grade") and cell.cell_type == "code":
                        self.assertIn("Check.", cell.source, f"{name}: a test that does not use Check")
                self.assertEqual(nb.metadata["cuaderno"]["language"], language)

    def test_a_lesson_graded_end_to_end(self):
        work = tempfile.mkdtemp(prefix="cuaderno-course-homework-")
        self.addCleanup(shutil.rmtree, work, ignore_errors=True)
        source = make_homework.source_path(GRADED, "es")
        release = make_homework.release_path(GRADED, "es")
        name = os.path.basename(release)
        solutions = {nbgrader(c)["grade_id"]: c.source for c in nbformat.read(source, as_version=4).cells
                     if nbgrader(c).get("solution")}
        submissions = []
        for student in ("resuelto", "sin_tocar"):
            nb = nbformat.read(release, as_version=4)
            if student == "resuelto":   # what a student writes: the solution's code, and answers in their words
                for cell in nb.cells:
                    if nbgrader(cell).get("solution"):
                        cell.source = (lesson_format.without_markers(solutions[nbgrader(cell)["grade_id"]])
                                       if cell.cell_type == "code" else "Porque los valores de entrada son grandes.")
            path = os.path.join(work, "submitted", student, name)
            os.makedirs(os.path.dirname(path))
            nbformat.write(nb, path)
            submissions.append(path)
        done = subprocess.run([shutil.which("java"), "-jar", JAR, "grade", source, *submissions,
                               "-o", os.path.join(work, "graded"), "-j", "2"],
                              env=dict(os.environ, CUADERNO_QUICK="1"), capture_output=True, text=True, timeout=1200)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        with open(os.path.join(work, "graded", "gradebook.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
        cells = {nbgrader(c)["grade_id"]: c for c in nbformat.read(source, as_version=4).cells
                 if nbgrader(c).get("grade")}
        tests = [grade_id for grade_id, c in cells.items() if c.cell_type == "code"]
        written = [grade_id for grade_id, c in cells.items() if c.cell_type == "markdown"]
        self.assertGreaterEqual(len(tests), 3)
        self.assertGreaterEqual(len(written), 3)
        points = {(r["student"], r["grade_id"]): r["points"] for r in rows}
        for grade_id in tests:
            max_points = nbgrader(cells[grade_id])["points"]
            self.assertEqual(float(points["resuelto", grade_id]), max_points, f"{grade_id}\n{done.stdout}")
            self.assertEqual(float(points["sin_tocar", grade_id]), 0, grade_id)
        for grade_id in written:
            self.assertEqual(points["resuelto", grade_id], "", f"{grade_id}: the teacher grades a written answer")
            self.assertEqual(float(points["sin_tocar", grade_id]), 0, f"{grade_id}: still the stub")
        for student in ("resuelto", "sin_tocar"):
            self.assertTrue(os.path.exists(os.path.join(work, "graded", "feedback", student + ".html")))


if __name__ == "__main__":
    unittest.main()
