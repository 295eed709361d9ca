"""Kernel features through a real Jupyter client: magics (a real %maven from Maven Central), display updates,
startup script, silent and store_history."""
import os
import tempfile
import textwrap
import unittest

from jupyter_client.manager import start_new_kernel

import kernel_client

TIMEOUT = 120


class KernelFeatureTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="cuaderno-features-")
        startup = os.path.join(cls.workdir, "startup.jsh")
        with open(startup, "w") as f:
            f.write('String greeting = "hola";\n')
        with open(os.path.join(cls.workdir, "helpers.jsh"), "w") as f:
            f.write("int twice(int x) { return 2 * x; }\n")
        env = dict(os.environ, CUADERNO_STARTUP=startup)
        cls.km, cls.kc = start_new_kernel(kernel_name="cuaderno", startup_timeout=60, env=env, cwd=cls.workdir)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def run_cell(self, code, **kwargs):
        return kernel_client.run_cell(self.kc, code, TIMEOUT, **kwargs)

    def text(self, outputs, kind="stream"):
        return "".join(m["content"]["text"] for m in outputs if m["msg_type"] == kind)

    def result(self, outputs):
        results = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
        return results[-1] if results else None

    def test_startup_script_and_helper_imports(self):
        reply, outputs = self.run_cell("greeting + \" \" + Html.of(\"<i>x</i>\").html()")
        self.assertEqual(self.result(outputs), "hola <i>x</i>")

    def test_course_api_is_imported_and_trains_in_a_cell(self):
        reply, outputs = self.run_cell(textwrap.dedent("""\
            var mnist = Mnist.sample();
            var model = new Sequential(new Dense(32, "relu").inputDim(784), new Dense(10, "softmax"));
            model.compile(Optimizer.adam(), "sparse_categorical_crossentropy", "accuracy");
            var history = model.fit(mnist.train().scaled(), mnist.train().labels(), Fit.epochs(2));
            model.countParams() + " " + history.epochs().size()"""))
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertEqual(self.result(outputs), "25450 2")
        kinds = [m["msg_type"] for m in outputs]
        self.assertIn("display_data", kinds, "fit shows a progress display")
        self.assertIn("update_display_data", kinds)
        reply, outputs = self.run_cell("history")
        data = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]
        self.assertIn("<table", data["text/html"])
        self.assertIn("| epoch | loss | accuracy |", data["text/markdown"])
        reply, outputs = self.run_cell(textwrap.dedent("""\
            Graph g = new Graph();
            Tensor a = g.placeholder("a", -1), b = g.placeholder("b", -1);
            g.function(a.square().add(b.square()).add(a.mul(b).mul(2)), a, b)
             .apply(Nd4j.createFromArray(1f, 2f), Nd4j.createFromArray(4f, 5f)).toFloatVector()"""))
        self.assertEqual(self.result(outputs), "[25.0, 49.0]")

    def test_maven_resolves_from_central(self):
        reply, outputs = self.run_cell("%maven org.apache.commons:commons-lang3:3.14.0")
        self.assertEqual(reply["content"]["status"], "ok", outputs)
        self.assertIn("commons-lang3-3.14.0.jar", self.text(outputs))
        reply, outputs = self.run_cell(
            "import org.apache.commons.lang3.StringUtils;\nStringUtils.capitalize(\"cuaderno\")")
        self.assertEqual(self.result(outputs), "Cuaderno")

    def test_maven_bad_coordinates_is_a_clear_error(self):
        reply, outputs = self.run_cell("%maven not-coordinates")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("group:artifact:version", reply["content"]["evalue"])

    def test_unknown_magic(self):
        reply, outputs = self.run_cell("%nosuchmagic 1 2")
        self.assertEqual(reply["content"]["ename"], "UnknownMagic")
        self.assertIn("%lsmagic", reply["content"]["evalue"])

    def test_load_and_time(self):
        reply, outputs = self.run_cell("%load helpers.jsh\nint r = twice(21);\n%time twice(r)")
        self.assertEqual(reply["content"]["status"], "ok", outputs)
        self.assertEqual(self.result(outputs), "84")
        self.assertIn("Wall time:", self.text(outputs))
        reply, outputs = self.run_cell("%%time\nlong s = 0;\nfor (int i = 0; i < 1000; i++) s += i;\ns")
        self.assertEqual(self.result(outputs), "499500")
        self.assertIn("Wall time:", self.text(outputs))

    def test_line_numbers_after_a_magic(self):
        reply, outputs = self.run_cell("%time int ok = 1;\nint a = 2;\nint b = nope;")
        self.assertEqual(reply["content"]["ename"], "CompileError")
        self.assertIn("line 3", "\n".join(reply["content"]["traceback"]))

    def test_jars_and_classpath(self):
        reply, outputs = self.run_cell("%jars /no/such/dir/*.jar")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("nothing matches", reply["content"]["evalue"])
        reply, outputs = self.run_cell("%classpath")
        self.assertIn("cuaderno.jar", self.text(outputs))

    def test_display_and_update(self):
        reply, outputs = self.run_cell(textwrap.dedent("""\
            String id = display(Html.of("<b>step 0</b>"));
            for (int i = 1; i <= 3; i++) updateDisplay(id, Html.of("<b>step " + i + "</b>"));"""))
        kinds = [m["msg_type"] for m in outputs if m["msg_type"] != "execute_input"]
        self.assertEqual(kinds, ["display_data", "update_display_data", "update_display_data", "update_display_data"])
        ids = {m["content"]["transient"]["display_id"] for m in outputs if "transient" in m["content"]}
        self.assertEqual(len(ids), 1)
        self.assertEqual(outputs[-1]["content"]["data"]["text/html"], "<b>step 3</b>")

    def test_print_then_display_keeps_order(self):
        reply, outputs = self.run_cell('System.out.println("before");\ndisplay(Html.of("<p>middle</p>"));\n'
                                       'System.out.println("after");')
        kinds = [m["msg_type"] for m in outputs if m["msg_type"] != "execute_input"]
        self.assertEqual(kinds, ["stream", "display_data", "stream"])

    def test_printf_as_last_statement_prints_without_a_value(self):
        reply, outputs = self.run_cell('System.out.printf("accuracy %.2f%n", 0.5)')
        self.assertEqual(self.text(outputs), "accuracy 0.50\n")
        self.assertIsNone(self.result(outputs), "the PrintStream printf returns is not shown")

    def test_tables_charts_and_arrays_render_in_a_cell(self):
        reply, outputs = self.run_cell('Table.create("t", DoubleColumn.create("x", 0.5, 0.25))')
        data = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]
        self.assertEqual(set(data), {"text/plain", "text/html", "text/latex", "text/markdown"})
        reply, outputs = self.run_cell('Plot.line(new double[]{1, 2, 3}).size(300, 200)')
        message = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]
        self.assertIn("image/png", message["data"])
        self.assertEqual(message["metadata"]["image/png"], {"width": 300, "height": 200})
        reply, outputs = self.run_cell('Nd4j.createFromArray(1f, 2f)')
        self.assertEqual(self.result(outputs), "array([1, 2], shape=[2], dtype=float)")

    def test_comm_info(self):
        msg_id = self.kc.comm_info()
        reply = kernel_client.shell_reply(self.kc, msg_id, TIMEOUT)  # skips a late kernel_info reply
        self.assertEqual(reply["msg_type"], "comm_info_reply")
        self.assertIn("comms", reply["content"])

    def test_zz_restart_gives_a_fresh_kernel(self):
        self.run_cell("int beforeRestart = 1;")
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=60)
        reply, outputs = self.run_cell("beforeRestart")
        self.assertEqual(reply["content"]["ename"], "CompileError")
        reply, outputs = self.run_cell("greeting")
        self.assertEqual(self.result(outputs), "hola", "the startup script runs again after a restart")

    def test_silent_and_store_history(self):
        reply, _ = self.run_cell("1 + 1")
        count = reply["content"]["execution_count"]
        reply, outputs = self.run_cell("2 + 2", silent=True)
        self.assertEqual([m for m in outputs if m["msg_type"] in ("execute_input", "execute_result")], [])
        reply, _ = self.run_cell("3 + 3", store_history=False)
        reply, _ = self.run_cell("4 + 4")
        self.assertEqual(reply["content"]["execution_count"], count + 1)


if __name__ == "__main__":
    unittest.main()
