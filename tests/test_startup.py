"""A kernel's start through a real Jupyter client: it maps the class archive install wrote, and its warm-up (run
before it reports ready) leaves nothing a user could see: no variables, no methods, no output, no execution count."""
import os
import time
import unittest

from jupyter_client.kernelspec import KernelSpecManager

import kernel_client

TIMEOUT = 120


class StartupTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = kernel_client.start_kernel()
        cls.first = kernel_client.run_cell(cls.kc, "1+1", TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        kernel_client.shutdown(cls.km, cls.kc)

    def test_first_cell_is_the_first_of_the_session(self):
        reply, outputs = self.first
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertEqual(reply["content"]["execution_count"], 1)
        self.assertEqual([m["msg_type"] for m in outputs], ["execute_result"], "the warm-up printed something")
        self.assertEqual(outputs[0]["content"]["data"]["text/plain"], "2")

    def test_warm_up_leaves_no_declarations(self):
        reply, outputs = kernel_client.run_cell(self.kc, "cuadernoWarmup(1)", TIMEOUT)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "CompileError")
        reply = kernel_client.shell_reply(self.kc, self.kc.complete("cuadernoW", 9), TIMEOUT)
        self.assertEqual(reply["content"]["matches"], [])
        # the session imports are in place, as before
        reply, outputs = kernel_client.run_cell(self.kc, "List.of(new Dense(3).getClass().getSimpleName())", TIMEOUT)
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "[Dense]")

    def test_completion_index_is_built_when_asked_for(self):
        # the kernel builds JShell's class index (package names, classes to import) when idle or at the first Tab
        deadline = time.time() + 60
        while True:
            reply = kernel_client.shell_reply(self.kc, self.kc.complete("import java.util.conc", 21), TIMEOUT)
            if "concurrent" in " ".join(reply["content"]["matches"]) or time.time() > deadline:
                break
            time.sleep(0.5)
        self.assertIn("concurrent", " ".join(reply["content"]["matches"]))

    def test_kernel_maps_the_class_archive(self):
        spec_dir = KernelSpecManager().get_kernel_spec("cuaderno").resource_dir
        archive = os.path.join(spec_dir, "cuaderno.jsa")
        self.assertTrue(os.path.isfile(archive), "install wrote no class archive")
        with open(f"/proc/{self.km.provisioner.process.pid}/maps") as maps:
            mapped = maps.read()
        # the JVM maps an archive only if it matches the jars and the JDK
        self.assertIn(os.path.realpath(archive), mapped)


if __name__ == "__main__":
    unittest.main()
