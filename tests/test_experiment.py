"""Experiments in a real kernel through jupyter_client: a grid with a run over its time budget fills one live
display and ends with the seed-style table, a heatmap and the times; a second grid interrupted with ■ keeps its
finished runs in the results file, and running the cell again continues from there."""
import os
import tempfile
import time
import unittest

from jupyter_client.manager import start_new_kernel

import kernel_client

TIMEOUT = 120


class ExperimentTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="cuaderno-experiment-")
        cls.km, cls.kc = start_new_kernel(kernel_name="cuaderno", startup_timeout=60, cwd=cls.workdir)
        reply, outputs = cls.run_cell("import cuaderno.experiment.*;\nint before = 7;")
        assert reply["content"]["status"] == "ok", outputs

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    @classmethod
    def run_cell(cls, code, timeout=TIMEOUT):
        return kernel_client.run_cell(cls.kc, code, timeout)

    def value(self, code):
        reply, outputs = self.run_cell(code)
        self.assertEqual(reply["content"]["status"], "ok", outputs)
        return [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"][0]

    def assert_no_stderr(self, outputs):
        self.assertEqual([m for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr"], [])

    def test_a_run_over_its_time_budget_is_a_dnf_in_one_live_display(self):
        started = time.time()
        reply, outputs = self.run_cell(
            'var spin = Experiment.grid("ms", 100, 300, 20000).timeBudget(1).run("seconds", config -> {\n'
            '    long end = System.currentTimeMillis() + config.getInt("ms");\n'
            '    while (System.currentTimeMillis() < end) {}   // a loop in the cell: the budget stops it\n'
            '    return config.getInt("ms") / 1000.0;\n'
            '});')
        self.assertEqual(reply["content"]["status"], "ok", outputs)
        self.assertLess(time.time() - started, 15, "the 20 s run stopped after its 1 s budget")
        self.assert_no_stderr(outputs)
        kinds = [m["msg_type"] for m in outputs]
        self.assertEqual(kinds[0], "display_data")
        live = outputs[0]["content"]["transient"]["display_id"]
        updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertGreaterEqual(len(updates), 3, kinds)
        self.assertTrue(all(m["content"]["transient"]["display_id"] == live for m in updates))
        self.assertTrue(any("running now" in m["content"]["data"]["text/html"] for m in updates),
                        "the run in progress is marked")
        final = updates[-1]["content"]["data"]
        self.assertIn("DNF", final["text/plain"])
        self.assertIn("over the time budget of 1.0 s: ms=20000", final["text/plain"])
        self.assertIn("\\toprule", final["text/latex"], "the table prints in a PDF")
        after = [m["content"]["data"] for m in outputs[kinds.index("update_display_data"):] if m["msg_type"] == "display_data"]
        self.assertEqual(len(after), 2, "a heatmap and the table of times follow the live display")
        self.assertIn("image/png", after[0])
        self.assertIn("seconds per run", after[1]["text/plain"])
        self.assertEqual(self.value('spin.runs().get(2).status()'), "TIME")
        self.assertEqual(self.value('spin.runs().get(1).result()'), "0.3")
        self.assertEqual(self.value("before"), "7")

    def test_an_interrupted_grid_keeps_its_finished_runs_and_a_rerun_resumes(self):
        path = os.path.join(self.workdir, "resume.csv")
        self.value("var calls = new java.util.concurrent.atomic.AtomicInteger(); calls.get()")
        cell = ('var resumed = Experiment.grid("i", 0, 1, 2, 3, 4, 5).results("resume.csv").run(config -> {\n'
                '    calls.incrementAndGet();\n'
                '    Thread.sleep(700);\n'
                '    return config.getInt("i");\n'
                '});')
        msg_id = self.kc.execute(cell)
        deadline = time.time() + 60
        while time.time() < deadline and not (os.path.exists(path) and len(open(path).readlines()) >= 3):
            time.sleep(0.05)
        time.sleep(0.2)
        self.km.interrupt_kernel()
        reply, outputs = kernel_client.collect(self.kc, msg_id, TIMEOUT)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        last = [m for m in outputs if m["msg_type"] in ("display_data", "update_display_data")][-1]["content"]["data"]
        self.assertIn("Stopped. 2 of 6 runs done and saved in resume.csv; run the cell again to continue", last["text/plain"])
        self.assertEqual(len(open(path).readlines()), 3, "the header and the two finished runs")

        reply, outputs = self.run_cell(cell)
        self.assertEqual(reply["content"]["status"], "ok", outputs)
        self.assertIn("2 of 6 runs loaded from resume.csv", outputs[0]["content"]["data"]["text/plain"])
        self.assertEqual(self.value("calls.get()"), "7", "two runs before ■, the one it stopped, four after")
        self.assertEqual(len(open(path).readlines()), 7)
        self.assertEqual(self.value("resumed.pivot().rowCount()"), "6")
        self.assertEqual(self.value("before"), "7")


if __name__ == "__main__":
    unittest.main()
