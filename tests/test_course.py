"""The course: lesson sources parse and check, the committed notebooks are what their lessons make and carry a full
run, every notebook runs in quick mode through the installed kernel, and both PDF routes export them with text,
tables and plots intact. Lessons are discovered from notebooks/lessons/."""
import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

import nbformat

from pdf_checks import pdf_image_count, pdf_text

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "notebooks"))
import lesson as lesson_format  # noqa: E402
import make_notebooks  # noqa: E402

LESSONS = make_notebooks.lessons()
NOTEBOOKS = [os.path.join(ROOT, "notebooks", lesson.notebooks[language])
             for lesson in LESSONS for language in lesson_format.LANGUAGES]
JAR = os.path.join(ROOT, "target", "cuaderno.jar")
ARTIFACTS = os.path.join(ROOT, "target", "ci-artifacts")
RICH = ("image/png", "text/latex")   # what a cell shows that a reader would miss: charts and tables


def name_of(path):
    return os.path.basename(path)[:-len(".ipynb")]


def outputs_of(nb, mime):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if mime in o.get("data", {})]


def output_text(nb):
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", ""))
            texts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(texts)


def export(notebook, *options):
    return subprocess.run([shutil.which("java"), "-jar", JAR, "pdf", notebook, *options],
                          capture_output=True, text=True, timeout=600)


class CourseNotebookTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.quick = tempfile.mkdtemp(prefix="cuaderno-course-")
        done = subprocess.run([os.path.join(ROOT, "scripts", "run-notebooks"), "--quick", cls.quick, *NOTEBOOKS],
                              capture_output=True, text=True, timeout=2400)
        cls.run_output = done.stdout + done.stderr
        cls.run_status = done.returncode
        cls.executed = {name_of(nb): os.path.join(cls.quick, os.path.basename(os.path.dirname(nb)),
                                                  os.path.basename(nb)) for nb in NOTEBOOKS}
        cls.committed = {name_of(nb): nb for nb in NOTEBOOKS}
        os.makedirs(ARTIFACTS, exist_ok=True)

    def test_every_lesson_in_two_languages_and_no_notebook_without_a_lesson(self):
        self.assertGreaterEqual(len(LESSONS), 2)
        for nb in NOTEBOOKS:
            self.assertTrue(os.path.exists(nb), f"{nb}: run notebooks/make_notebooks.py")
        on_disk = {os.path.join(ROOT, "notebooks", language, f)
                   for language in lesson_format.LANGUAGES
                   for f in os.listdir(os.path.join(ROOT, "notebooks", language)) if f.endswith(".ipynb")}
        self.assertEqual(on_disk - set(NOTEBOOKS), set(), "notebooks that no lesson makes")

    def test_committed_notebooks_are_what_their_lessons_make_and_carry_a_full_run(self):
        for lesson in LESSONS:
            for language in lesson_format.LANGUAGES:
                path, text, changed, problems = make_notebooks.regenerate(lesson, language)
                self.assertFalse(changed, f"{path} is not what {lesson.path} makes: run notebooks/make_notebooks.py")
                self.assertEqual(problems, [], "run the notebook top to bottom: scripts/run-notebooks NOTEBOOK")
                self.assertNotIn("sample inside cuaderno.jar", text, f"{path}: outputs from quick mode")

    def test_every_cell_runs_in_quick_mode(self):
        self.assertEqual(self.run_status, 0, self.run_output[-3000:])
        for name, path in self.executed.items():
            nb = nbformat.read(path, as_version=4)
            self.assertTrue(make_notebooks.ran_top_to_bottom(nb), f"{name}: a cell did not run")
            for cell in nb.cells:
                for output in cell.get("outputs", []):
                    self.assertNotEqual(output["output_type"], "error", f"{name}: {output.get('evalue')}")
                    self.assertNotEqual(output.get("name"), "stderr", f"{name}: {output.get('text')}")

    def test_quick_runs_show_what_full_runs_show(self):
        """Each code cell shows the same kinds of charts and tables in quick mode as in the committed full run, and
        each lesson's expect: lines are in its quick runs' outputs."""
        for name, path in self.executed.items():
            quick = nbformat.read(path, as_version=4)
            full = nbformat.read(self.committed[name], as_version=4)
            for q, f in zip(quick.cells, full.cells):
                if q.cell_type == "code":
                    kinds = [sorted({m for o in c.outputs for m in o.get("data", {}) if m in RICH}) for c in (q, f)]
                    self.assertEqual(kinds[0], kinds[1], f"{name}, cell {q.id}: quick shows {kinds[0]}, full {kinds[1]}")
            for table in outputs_of(quick, "text/latex"):
                self.assertIn("text/html", table["data"])
                self.assertIn("text/markdown", table["data"])
        for lesson in LESSONS:
            for language in lesson_format.LANGUAGES:
                text = output_text(nbformat.read(self.executed[name_of(lesson.notebooks[language])], as_version=4))
                for expected in lesson.expect:
                    self.assertIn(expected, text, f"{lesson.notebooks[language]} (quick): expect: {expected}")

    def check_pdf(self, name, pdf):
        nb = nbformat.read(self.executed[name], as_version=4)
        text = " ".join(pdf_text(pdf).split())   # a heading may wrap
        headings = [re.sub(r"[*_`]", "", line.lstrip("# ")).strip() for c in nb.cells if c.cell_type == "markdown"
                    for line in c.source.splitlines() if line.startswith("#")]   # as printed: no emphasis marks
        self.assertIn(headings[0], text, f"{name}: the title")
        accented = [h for h in headings if re.search("[áéíóúñ]", h)][:3]
        if nb.metadata["cuaderno"]["language"] == "es":
            self.assertTrue(accented, f"{name}: a heading with Spanish accents to look for")
        for heading in accented:
            self.assertIn(heading, text, f"{name}: Spanish text")
        tables = outputs_of(nb, "text/latex")
        if tables:
            first_row = tables[-1]["data"]["text/plain"].splitlines()[1].split()
            for cell in (first_row[1], first_row[-1]):
                self.assertIn(cell, text, f"{name}: a table cell ({cell})")
        self.assertEqual(pdf_image_count(pdf), len(outputs_of(nb, "image/png")), f"{name}: every plot")

    def render_first_page(self, pdf, name):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf,
                        os.path.join(ARTIFACTS, name)], check=True)

    def export_every_notebook(self, route):
        for name, path in self.executed.items():
            pdf = os.path.join(ARTIFACTS, f"{name}-{route}.pdf")
            done = export(path, "--via", route, "-o", pdf)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.check_pdf(name, pdf)
            self.render_first_page(pdf, f"{name}-{route}")

    def test_pdf_through_latex(self):
        self.export_every_notebook("latex")

    def test_pdf_through_the_browser(self):
        self.export_every_notebook("browser")


RULE = "-" * 40


def write_lesson(directory, body, header="lesson: 900\nes: es/900_prueba.ipynb\nen: en/900_test.ipynb\ncode: es\n"):
    path = os.path.join(directory, "lessons", "900_test.lesson")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(header + "\n" + textwrap.dedent(body).replace("RULE", RULE))
    return path


class LessonFormatTests(unittest.TestCase):
    """The lesson format and its checks, on small lessons written here (no kernel needed)."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="cuaderno-lesson-")

    def parse(self, body, **header):
        return lesson_format.parse(write_lesson(self.dir, body, **header))

    def assertLessonError(self, body, *fragments, **header):
        with self.assertRaises(lesson_format.LessonError) as raised:
            self.parse(body, **header)
        for fragment in fragments:
            self.assertIn(fragment, str(raised.exception))
        return str(raised.exception)

    def test_prose_per_language_code_once_with_names_renamed(self):
        lesson = self.parse("""
            -- markdown RULE
            [es]
            # Hola
            [en]
            # Hello
            -- code RULE
            Sequential z = new Sequential(new Dense(10, "softmax").inputDim(784));
            String s = "z"; // z
            z.summary();
            """, header="lesson: 900\nes: es/900_prueba.ipynb\nen: en/900_test.ipynb\ncode: es\nnames: z = zeta\n")
        self.assertEqual([c.text("es", lesson) for c in lesson.cells],
                         ["# Hola", 'Sequential z = new Sequential(new Dense(10, "softmax").inputDim(784));\n'
                                    'String s = "z"; // z\nz.summary();'])
        self.assertEqual(lesson.cells[1].text("en", lesson),
                         'Sequential zeta = new Sequential(new Dense(10, "softmax").inputDim(784));\n'
                         'String s = "z"; // z\nzeta.summary();')
        self.assertEqual(lesson.cells[0].text("en", lesson), "# Hello")

    def test_variants_may_differ_in_comments_strings_and_consistent_names_only(self):
        ok = """
            -- code RULE
            [es]
            int pasos = 10; // diez pasos
            System.out.println("pasos: " + pasos);
            [en]
            int steps = 10;
            System.out.println("steps: " + steps);
            -- code RULE
            [es]
            pasos++; // uno más
            [en]
            steps++; // one more
            """
        self.parse(ok)
        self.assertLessonError(ok.replace("steps++;", "steps += 2;"), "differ in more than", "`++` against `+=`")
        self.assertLessonError(ok.replace("int steps = 10;", "int steps = 11;"), "`10` against `11`")
        self.assertLessonError(ok.replace("steps++;", "count++;"), "`pasos` is `steps` in [en] elsewhere")
        self.assertLessonError(ok.replace('"steps: " + steps);', '"steps: " + steps, 1);'), "differ")
        self.assertLessonError(ok.replace('"steps: "', "'s'"), "differ")

    def test_renaming_stays_one_to_one_across_the_lesson(self):
        self.assertLessonError("""
            -- code RULE
            [es]
            int a = 1;
            [en]
            int x = 1;
            -- code RULE
            int x = 2;
            """, "`x` in [en] stands for `a` elsewhere", "900_test.lesson:")

    def test_english_code_must_not_speak_spanish(self):
        self.assertLessonError("""
            -- code RULE
            Sequential modelo = null;
            """, "[en] code speaks Spanish: 'modelo'", "add it to names:")
        self.assertLessonError("""
            -- code RULE
            [es]
            double perdida = 0; // pérdida
            [en]
            double loss = 0; // pérdida
            """, "[en] code speaks Spanish")
        self.parse("""
            -- code RULE
            double y = Math.sin(0.5); // 0.5 rad
            """)

    def test_words_in_code_written_once_need_variants(self):
        self.assertLessonError("""
            -- code RULE
            System.out.println("Test accuracy: " + 0.9);
            """, "words in one language in code written once")
        self.assertLessonError("""
            -- code RULE
            int n = 3; // three steps
            """, "words in one language")
        self.parse("""
            -- code RULE
            model.compile(Optimizer.sgd(), "sparse_categorical_crossentropy", "accuracy"); // (60000, 784)
            """)

    def test_nbgrader_cells_and_markers(self):
        lesson = self.parse("""
            -- code shapes solution RULE
            int f() {
                // BEGIN SOLUTION
                return 1;
                // END SOLUTION
            }
            -- code test-shapes grade locked points=2 RULE
            assert f() == 1;
            // BEGIN HIDDEN TESTS
            assert f() > 0;
            // END HIDDEN TESTS
            -- markdown explain task locked points=1 homework RULE
            [es]
            Explica.
            [en]
            Explain.
            """)
        self.assertEqual(lesson.cells[0].nbgrader(), {"schema_version": 3, "grade_id": "shapes", "solution": True,
                                                      "grade": False, "locked": False, "task": False})
        self.assertEqual(lesson.cells[1].nbgrader()["points"], 2)
        self.assertTrue(lesson.cells[1].nbgrader()["locked"])
        self.assertEqual(lesson.cell_ids()[:2], ["shapes", "test-shapes"])
        self.assertLessonError("-- code a grade points=1\nint x;\n", "not an nbgrader cell type",
                               "grade locked: autograder tests")
        self.assertLessonError("-- code solution\nint x;\n", "needs a name")
        self.assertLessonError("-- code a grade locked\nint x;\n", "points=N goes with grade and task")
        self.assertLessonError("-- code a solution\nint f() { // BEGIN SOLUTION\nreturn 1; }\n// END SOLUTION\n",
                               "whole line holding BEGIN SOLUTION")
        self.assertLessonError("-- code a solution\n// BEGIN SOLUTION\nint x;\n", "without END SOLUTION")
        self.assertLessonError("-- code\n// BEGIN SOLUTION\nint x;\n// END SOLUTION\n", "without the solution flag")

    def test_mistakes_in_the_file_name_their_line(self):
        self.assertLessonError("-- code\n[es]\nint x;\n", "900_test.lesson:", "no [en] section")
        self.assertLessonError("-- code\n", "an empty cell")
        self.assertLessonError("-- code a\nint x;\n-- code a\nint y;\n", "'a' is used twice")
        self.assertLessonError("-- code\nString s = \"open;\n", "cannot read the Java")
        self.assertLessonError("", "unknown key", header="lesson: 900\nes: a\nen: b\ncolour: red\n")

    def test_regenerating_keeps_outputs_of_unchanged_code_and_names_what_needs_a_run(self):
        body = """
            -- markdown RULE
            [es]
            # Título
            [en]
            # Title
            -- code RULE
            int x = 1;
            -- code RULE
            x + 1
            """
        path = write_lesson(self.dir, body)
        lesson = lesson_format.parse(path)
        with mock_here(self.dir):
            self.assertEqual(quietly(make_notebooks.make, lesson)[0].split(":")[0], "es/900_prueba.ipynb")
            for language in lesson_format.LANGUAGES:   # what a full run leaves
                nb_path = os.path.join(self.dir, lesson.notebooks[language])
                nb = nbformat.read(nb_path, as_version=4)
                for count, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), 1):
                    cell.execution_count = count
                    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": str(count)},
                                                           execution_count=count)]
                nbformat.write(nb, nb_path)
                make_notebooks.stamp("full", 10, [nb_path])
            self.assertEqual(quietly(make_notebooks.make, lesson), [])

            lesson = lesson_format.parse(write_lesson(self.dir, body.replace("# Título", "# Titulo nuevo")))
            self.assertEqual(quietly(make_notebooks.make, lesson), [], "a prose edit keeps every output")
            nb = nbformat.read(os.path.join(self.dir, "es", "900_prueba.ipynb"), as_version=4)
            self.assertEqual(nb.cells[0].source, "# Titulo nuevo")
            self.assertEqual([c.execution_count for c in nb.cells[1:]], [1, 2])

            lesson = lesson_format.parse(write_lesson(self.dir, body.replace("x + 1", "x + 2")))
            problems = quietly(make_notebooks.make, lesson)
            self.assertEqual(len(problems), 2)
            self.assertIn("1 code cell(s) new or changed", problems[0])
            self.assertIn(f"lines {lesson.cells[2].line} of", problems[0])
            nb = nbformat.read(os.path.join(self.dir, "es", "900_prueba.ipynb"), as_version=4)
            self.assertEqual([c.execution_count for c in nb.cells[1:]], [1, None])
            self.assertEqual(nb.cells[2].outputs, [])
            self.assertTrue(quietly(make_notebooks.make, lesson, check=True), "--check fails until it is run")

    def test_source_notebooks_carry_homework_cells_and_nbgrader_metadata(self):
        lesson = self.parse("""
            -- code answer solution RULE
            // BEGIN SOLUTION
            int x = 1;
            // END SOLUTION
            -- code check grade locked points=1 homework RULE
            assert x == 1;
            """)
        in_lesson = make_notebooks.build(lesson, "en")
        in_source = make_notebooks.build(lesson, "en", homework=True)
        plain = make_notebooks.build(self.parse("-- code RULE\nint x = 1;\n"), "en")
        self.assertEqual([(c.id, c.source, c.metadata) for c in in_lesson.cells], [(plain.cells[0].id, "int x = 1;", {})],
                         "the lesson notebook is what it was before the cell became homework: no re-run")
        self.assertEqual([c.id for c in in_source.cells], ["answer", "check"])
        self.assertEqual(in_source.cells[1].metadata["nbgrader"]["grade_id"], "check")
        self.assertEqual(in_source.metadata["kernelspec"]["name"], "cuaderno")
        nbformat.validate(in_source)

    def test_the_course_lessons_parse(self):
        numbers = [lesson.number for lesson in LESSONS]
        self.assertEqual(len(numbers), len(set(numbers)), "one lesson per number")
        for lesson in LESSONS:
            for language in lesson_format.LANGUAGES:
                nbformat.validate(make_notebooks.build(lesson, language, homework=True))


@contextlib.contextmanager
def mock_here(directory):
    saved = make_notebooks.HERE
    make_notebooks.HERE = directory
    try:
        yield
    finally:
        make_notebooks.HERE = saved


def quietly(function, *args, **kwargs):
    with contextlib.redirect_stdout(io.StringIO()):
        return function(*args, **kwargs)


class PdfTextTests(unittest.TestCase):
    """Both routes print Spanish, Greek, math symbols and check marks, in prose and in code, and typeset math."""

    def test_unicode_and_math_in_both_routes(self):
        nb = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_markdown_cell("# Símbolos\nñandú, π ≤ 4, ✓ hecho, $J(x) = x \\sin(x^2)$"),
            nbformat.v4.new_code_cell('String s = "π ≤ ✓ ñ";')])
        path = os.path.join(tempfile.mkdtemp(), "symbols.ipynb")
        nbformat.write(nb, path)
        for route in ("latex", "browser"):
            pdf = path.replace(".ipynb", f"-{route}.pdf")
            done = export(path, "--via", route, "-o", pdf)
            self.assertEqual(done.returncode, 0, done.stderr)
            text = pdf_text(pdf)
            self.assertIn("ñandú, π ≤ 4, ✓ hecho", text, route)
            self.assertIn('String s = "π ≤ ✓ ñ";', text, route)
            self.assertNotIn("\\sin", text, f"{route}: math is typeset, not left as TeX")


class PdfCommandErrorTests(unittest.TestCase):
    """Errors a user can cause: one line on stderr that says what to do, no stack trace."""

    def assertOneLine(self, done, *expected):
        self.assertNotEqual(done.returncode, 0)
        self.assertEqual(len(done.stderr.strip().splitlines()), 1, done.stderr)
        self.assertNotIn("PdfError", done.stderr, "a message, not a Java exception")
        for text in expected:
            self.assertIn(text, done.stderr)

    def test_missing_notebook_and_bad_options(self):
        self.assertOneLine(export("/nonexistent.ipynb"), "no such notebook")
        with tempfile.NamedTemporaryFile("w", suffix=".ipynb", delete=False) as bad:
            bad.write("not json")
        self.assertOneLine(export(bad.name), "not a notebook")
        self.assertOneLine(export(bad.name, "--via", "fax"), "--via latex or --via browser")

    def test_missing_tools_name_their_debian_package(self):
        notebook = os.path.join(HERE, "notebooks", "smoke.ipynb")
        empty = tempfile.mkdtemp()
        env = dict(os.environ, PATH=empty)
        java = shutil.which("java")
        for route, package in (("latex", "texlive-xetex"), ("browser", "apt-get install chromium")):
            done = subprocess.run([java, "-jar", JAR, "pdf", notebook, "--via", route, "-o", "/tmp/x.pdf"],
                                  capture_output=True, text=True, env=env, timeout=120)
            self.assertOneLine(done, package)

    def test_a_latex_error_is_one_line(self):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Broken math: $\\undefinedmacro{x}$")])
        path = os.path.join(tempfile.mkdtemp(), "broken.ipynb")
        nbformat.write(nb, path)
        self.assertOneLine(export(path, "--via", "latex"), "LaTeX failed", "Undefined control sequence")

    def test_execute_reports_the_failing_cell(self):
        done = export(os.path.join(HERE, "notebooks", "failing.ipynb"), "--execute", "-o",
                      os.path.join(tempfile.mkdtemp(), "failing.pdf"))
        self.assertOneLine(done, "running the notebook failed", "NumberFormatException")


if __name__ == "__main__":
    unittest.main()
