"""Java notebooks executed headless by Debian's nbconvert with the cuaderno kernel."""
import os
import subprocess
import tempfile
import unittest

import nbformat

from pdf_checks import pdf_image_count, pdf_text

HERE = os.path.dirname(os.path.abspath(__file__))


def nbconvert_execute(notebook, *extra):
    out_dir = tempfile.mkdtemp(prefix="cuaderno-nb-")
    command = ["/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute",
               "--ExecutePreprocessor.kernel_name=cuaderno", "--ExecutePreprocessor.timeout=120",
               "--output-dir", out_dir, *extra, os.path.join(HERE, "notebooks", notebook)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    executed = os.path.join(out_dir, notebook)
    done.executed = executed
    return done, (nbformat.read(executed, as_version=4) if os.path.exists(executed) else None)


class NotebookExecutionTests(unittest.TestCase):

    def test_smoke_notebook_runs_top_to_bottom(self):
        done, nb = nbconvert_execute("smoke.ipynb")
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        code = [c for c in nb.cells if c.cell_type == "code"]
        self.assertEqual(code[0].outputs[0]["text"], "suma = 23\n")
        self.assertEqual(code[1].outputs[0]["data"]["text/plain"], "46")
        self.assertIn("<table>", code[2].outputs[0]["data"]["text/html"])
        self.assertIn("image/png", code[3].outputs[0]["data"])
        for cell in code:
            for output in cell.outputs:
                self.assertNotEqual(output.get("name"), "stderr", output)
                self.assertNotEqual(output["output_type"], "error", output)

    def test_tables_and_charts_render_inline_and_survive_the_latex_pdf(self):
        done, nb = nbconvert_execute("display.ipynb")
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        code = [c for c in nb.cells if c.cell_type == "code"]
        for cell in code:
            for output in cell.outputs:
                self.assertNotEqual(output.get("name"), "stderr", output)
        results = [c.outputs[-1] for c in code]
        table, long_table = results[0], results[1]
        for mime in ("text/html", "text/latex", "text/markdown", "text/plain"):
            self.assertIn(mime, table["data"])
        self.assertIn('class="dataframe"', table["data"]["text/html"])
        self.assertIn("\\toprule", table["data"]["text/latex"])
        self.assertIn("… 190 more rows", long_table["data"]["text/html"])
        charts = results[2:10]
        for chart in charts:
            self.assertIn("image/png", chart["data"], chart["data"].get("text/plain"))
            self.assertNotIn("image/svg+xml", chart["data"])
            size = chart["metadata"]["image/png"]
            self.assertGreater(size["width"], 100)
            self.assertGreater(size["height"], 100)
        self.assertIn("shape=[2, 2], dtype=float", results[10]["data"]["text/plain"])

        # the executed notebook through nbconvert's LaTeX route: the table as a table, every chart as an image
        pdf_dir = os.path.dirname(done.executed)
        pdf = subprocess.run(["/usr/bin/jupyter", "nbconvert", "--to", "pdf", done.executed],
                             capture_output=True, text=True, timeout=300, cwd=pdf_dir)
        self.assertEqual(pdf.returncode, 0, pdf.stderr[-3000:])
        pdf_file = done.executed[:-len(".ipynb")] + ".pdf"
        text = pdf_text(pdf_file)
        for expected in ("Tablas y gráficos", "Adagrad", "0.9633", "0.1135", "… 190 more rows"):
            self.assertIn(expected, text)
        self.assertEqual(pdf_image_count(pdf_file), len(charts))

    def test_failing_cell_stops_nbconvert_with_the_error(self):
        done, _ = nbconvert_execute("failing.ipynb")
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("NumberFormatException", done.stderr)

    def test_allow_errors_keeps_going_and_state_survives(self):
        done, nb = nbconvert_execute("failing.ipynb", "--allow-errors")
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        outputs = [c.outputs for c in nb.cells]
        self.assertEqual(outputs[1][0]["output_type"], "error")
        self.assertEqual(outputs[1][0]["ename"], "NumberFormatException")
        self.assertEqual(outputs[2][0]["data"]["text/plain"], "1")


if __name__ == "__main__":
    unittest.main()
