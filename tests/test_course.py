"""The course notebooks: every cell runs in quick mode through the installed kernel, the committed copies carry a
full run's outputs and match their definition, and both PDF routes export them with text, tables and plots intact."""
import contextlib
import glob
import io
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import nbformat

from pdf_checks import pdf_image_count, pdf_text

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*", "*.ipynb")))
JAR = os.path.join(ROOT, "target", "cuaderno.jar")
ARTIFACTS = os.path.join(ROOT, "target", "ci-artifacts")
# words only the Spanish notebooks have, with accents, to check the PDFs' text encoding
SPANISH_WORDS = {"004_normalizacion": ["Normalización", "Modelo multicapa", "exactitud en prueba"],
                 "001_optimizadores": ["Descenso por gradiente", "iteraciones", "exactitud (validación)"]}


def outputs_of(nb, mime):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if mime in o.get("data", {})]


def export(notebook, *options):
    return subprocess.run([shutil.which("java"), "-jar", JAR, "pdf", notebook, *options],
                          capture_output=True, text=True, timeout=600)


class CourseNotebookTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.quick = tempfile.mkdtemp(prefix="cuaderno-course-")
        done = subprocess.run([os.path.join(ROOT, "scripts", "run-notebooks"), "--quick", cls.quick, *NOTEBOOKS],
                              capture_output=True, text=True, timeout=1800)
        cls.run_output = done.stdout + done.stderr
        cls.run_status = done.returncode
        cls.executed = {os.path.basename(nb)[:-len(".ipynb")]: os.path.join(
            cls.quick, os.path.basename(os.path.dirname(nb)), os.path.basename(nb)) for nb in NOTEBOOKS}
        os.makedirs(ARTIFACTS, exist_ok=True)

    def test_four_notebooks_in_two_languages(self):
        names = sorted(os.path.relpath(nb, os.path.join(ROOT, "notebooks")) for nb in NOTEBOOKS)
        self.assertEqual(names, ["en/001_optimisers.ipynb", "en/004_normalisation.ipynb",
                                 "es/001_optimizadores.ipynb", "es/004_normalizacion.ipynb"])

    def test_every_cell_runs_in_quick_mode(self):
        self.assertEqual(self.run_status, 0, self.run_output[-3000:])
        for name, path in self.executed.items():
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                if cell.cell_type != "code":
                    continue
                self.assertIsNotNone(cell.execution_count, f"{name}: a cell did not run")
                for output in cell.outputs:
                    self.assertNotEqual(output["output_type"], "error", f"{name}: {output.get('evalue')}")
                    self.assertNotEqual(output.get("name"), "stderr", f"{name}: {output.get('text')}")

    def test_quick_runs_show_tables_charts_and_training(self):
        for name, path in self.executed.items():
            nb = nbformat.read(path, as_version=4)
            tables = outputs_of(nb, "text/latex")
            self.assertTrue(tables, f"{name} shows a table")
            for table in tables:
                self.assertIn("text/html", table["data"])
                self.assertIn("text/markdown", table["data"])
            self.assertGreaterEqual(len(outputs_of(nb, "image/png")), 3, f"{name} shows its plots")
            summaries = [o["text"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
                         if o.get("name") == "stdout" and "Total params" in o.get("text", "")]
            self.assertTrue(summaries, f"{name} prints Keras' summary")
        nb = nbformat.read(self.executed["004_normalizacion"], as_version=4)
        texts = [o["data"]["text/plain"] for o in outputs_of(nb, "text/plain")]
        self.assertTrue(any("the loss became NaN" in t for t in texts), "the NaN run ends cleanly and says so")
        self.assertTrue(any("Total params: 86,610" in o.get("text", "") for c in nb.cells if c.cell_type == "code"
                            for o in c.outputs))

    def test_committed_notebooks_match_their_definition_and_carry_a_full_run(self):
        spec = importlib.util.spec_from_file_location("make_notebooks",
                                                      os.path.join(ROOT, "notebooks", "make_notebooks.py"))
        make = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(make)
        regenerated = tempfile.mkdtemp(prefix="cuaderno-make-")
        make.HERE = regenerated
        os.makedirs(os.path.join(regenerated, "es"))
        os.makedirs(os.path.join(regenerated, "en"))
        with contextlib.redirect_stdout(io.StringIO()):
            make.main()
        for nb_path in NOTEBOOKS:
            relative = os.path.relpath(nb_path, os.path.join(ROOT, "notebooks"))
            committed = nbformat.read(nb_path, as_version=4)
            fresh = nbformat.read(os.path.join(regenerated, relative), as_version=4)
            self.assertEqual([c.source for c in committed.cells], [c.source for c in fresh.cells],
                             f"{relative} differs from make_notebooks.py: regenerate and run it again")
            code = [c for c in committed.cells if c.cell_type == "code"]
            self.assertTrue(all(c.execution_count for c in code), f"{relative}: commit it after a full run")
            self.assertEqual([c.execution_count for c in code], list(range(1, len(code) + 1)),
                             f"{relative}: run top to bottom once")
            self.assertNotIn("sample inside cuaderno.jar", json.dumps(committed),
                             f"{relative}: committed outputs come from the full MNIST, not quick mode")

    def check_pdf(self, name, pdf):
        nb = nbformat.read(self.executed[name], as_version=4)
        text = pdf_text(pdf)
        heading = next(c.source.splitlines()[0].lstrip("# ") for c in nb.cells if c.cell_type == "markdown")
        self.assertIn(heading, text, f"{name}: the title")
        for word in SPANISH_WORDS.get(name, []):
            self.assertIn(word, text, f"{name}: Spanish text")
        table = outputs_of(nb, "text/latex")[-1]["data"]["text/plain"]
        first_row = table.splitlines()[1].split()
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
