"""Hostile cells through a real Jupyter client (Debian's jupyter_client): each one must end in a clear error or
finish, and the next cell must still see the variables defined before it. Everything runs twice: over TCP and over
ipc transport (Unix sockets, as hosted notebooks use)."""
import glob
import os
import shutil
import stat
import subprocess
import tempfile
import time
import unittest

import zmq

import kernel_client
from jupyter_client.session import Session

TIMEOUT = 60
# a small heap and native limit: the memory tests fill them quickly and leave the machine's memory to others
MEMORY_OPTIONS = "-Xmx1g -Dorg.bytedeco.javacpp.maxBytes=1500m"


def words(traceback):
    """The traceback as one line of words (errors are wrapped at word boundaries)."""
    return " ".join("\n".join(traceback).split())


class HostileCellTests(unittest.TestCase):
    transport = "tcp"

    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="cuaderno-hostile-")  # the notebook's folder
        env = dict(os.environ, CUADERNO_JVM_OPTS=MEMORY_OPTIONS)
        cls.km, cls.kc = kernel_client.start_kernel(cls.transport, env=env, cwd=cls.workdir)
        reply, _ = cls.run_cell("int before = 42; String name = \"kept\";")
        assert reply["content"]["status"] == "ok", reply

    @classmethod
    def tearDownClass(cls):
        kernel_client.shutdown(cls.km, cls.kc)
        shutil.rmtree(cls.workdir, ignore_errors=True)

    @classmethod
    def run_cell(cls, code, timeout=TIMEOUT, **kwargs):
        return kernel_client.run_cell(cls.kc, code, timeout, **kwargs)

    @classmethod
    def collect(cls, msg_id, timeout=TIMEOUT):
        return kernel_client.collect(cls.kc, msg_id, timeout)

    def assert_error(self, code, ename, **kwargs):
        reply, outputs = self.run_cell(code, **kwargs)
        self.assertEqual(reply["content"]["status"], "error", outputs)
        self.assertEqual(reply["content"]["ename"], ename)
        errors = [m for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1, outputs)
        stderr = [m for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr"]
        self.assertEqual(stderr, [], "an error is one error message, nothing on stderr")
        return errors[0]["content"]

    def assert_state_kept(self):
        reply, outputs = self.run_cell("before + name.length()")
        self.assertEqual(reply["content"]["status"], "ok", outputs)
        results = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(results, ["46"])

    def test_compile_error(self):
        error = self.assert_error("int a = 1;\nint b = nothingHere * 2;", "CompileError")
        text = "\n".join(error["traceback"])
        self.assertIn("line 2, column 9", text)
        self.assertIn("^^^^^^^^^^^", text)
        self.assertNotIn("\tat ", text)
        self.assert_state_kept()

    def test_runtime_exception(self):
        error = self.assert_error('int[] small = new int[2];\nsmall[5] = 1;', "ArrayIndexOutOfBoundsException")
        self.assertIn("line 2", "\n".join(error["traceback"]))
        self.assert_state_kept()

    def test_interrupt_tight_loop(self):
        msg_id = self.kc.execute("while (true) {}")
        time.sleep(1.5)
        self.km.interrupt_kernel()
        reply, outputs = self.collect(msg_id, timeout=20)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assert_state_kept()

    def test_system_exit(self):
        self.assert_error("System.exit(0);", "SystemExit")
        self.assertTrue(self.km.is_alive())
        self.assert_state_kept()

    def test_heap_exhaustion(self):
        error = self.assert_error(
            "{\n  var hog = new ArrayList<long[]>();\n  while (true) hog.add(new long[4 << 20]);\n}", "OutOfMemoryError")
        self.assertIn("CUADERNO_JVM_OPTS", "\n".join(error["traceback"]))
        self.assert_state_kept()

    def test_stack_overflow(self):
        self.run_cell("long deeper(long n) { return deeper(n + 1) + 1; }")
        error = self.assert_error("deeper(0)", "StackOverflowError")
        self.assertLess(len(error["traceback"]), 20)
        self.assert_state_kept()

    def test_thread_left_running(self):
        reply, outputs = self.run_cell(
            "Thread ticker = new Thread(() -> { while (true) { try { Thread.sleep(200); } "
            "catch (InterruptedException e) { return; } } });\nticker.setDaemon(true);\nticker.start();")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assert_state_kept()
        reply, outputs = self.run_cell("ticker.isAlive()")
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "true")

    def test_ten_megabytes_of_output(self):
        started = time.time()
        reply, outputs = self.run_cell(
            'String line = "x".repeat(99);\nfor (int i = 0; i < 100_000; i++) System.out.println(line);', timeout=120)
        self.assertEqual(reply["content"]["status"], "ok")
        text = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
        self.assertEqual(len(text), 10_000_000)
        self.assertLess(len(outputs), 2000, "output is sent in chunks, not one message per line")
        self.assert_state_kept()
        print(f"\n10 MB of output in {time.time() - started:.1f} s, {len(outputs)} messages")

    def test_output_streams_while_running(self):
        reply, outputs = self.run_cell(
            'for (int i = 0; i < 4; i++) { System.out.println("tick " + i); Thread.sleep(500); }')
        ticks = [m for m in outputs if m["msg_type"] == "stream"]
        self.assertGreaterEqual(len(ticks), 3, "each line arrives as it is printed")
        self.assertGreater(ticks[-1]["arrived"] - ticks[0]["arrived"], 1.0)

    def test_stdin_becomes_input_request(self):
        msg_id = self.kc.execute(
            'System.out.print("Your name? ");\nString answer = new Scanner(System.in).nextLine();', allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.assertEqual(request["msg_type"], "input_request")
        self.kc.input("Ada")
        reply, outputs = self.collect(msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        reply, outputs = self.run_cell("answer")
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "Ada")

    def test_queued_cells_are_aborted_after_an_error(self):
        first = self.kc.execute('throw new RuntimeException("stop here");')
        second = self.kc.execute("int neverDefined = 1;")
        reply, _ = self.collect(first)
        self.assertEqual(reply["content"]["status"], "error")
        reply, _ = self.collect(second)
        self.assertEqual(reply["content"]["status"], "aborted")
        self.assert_state_kept()

    def test_native_memory_nd4j_create_too_big(self):
        error = self.assert_error("INDArray huge = Nd4j.create(200_000, 200_000);", "OutOfMemoryError")
        text = words(error["traceback"])
        self.assertIn("Nd4j.create asked for 149.0 GB of native memory (an array of 40,000,000,000 float values)", text)
        self.assertIn("Your variables are kept", text)
        self.assert_state_kept()
        self.assertEqual(glob.glob(os.path.join(self.workdir, "hs_err_pid*")), [])

    def test_native_memory_lstm_too_big(self):
        error = self.assert_error(
            'Sequential huge = new Sequential(new LSTM(50_000).inputShape(28, 28), new Dense(10, "softmax"));\n'
            'huge.compile(Optimizer.adam(), "sparse_categorical_crossentropy", "accuracy");', "OutOfMemoryError")
        text = words(error["traceback"])
        self.assertIn("GB of native memory", text)
        self.assertIn("fewer units", text)
        # native memory, not the heap: no heap paragraph, and no limit to raise beyond what the machine has
        self.assertNotIn("of heap", text)
        self.assertNotIn("-Xmx4g", text)
        self.assertNotIn("maxBytes=", text)
        self.assert_state_kept()
        self.assertEqual(glob.glob(os.path.join(self.workdir, "hs_err_pid*")), [])

    def test_native_arrays_fill_the_limit_and_free_it_again(self):
        self.run_cell("List<INDArray> held = new ArrayList<>();")
        error = self.assert_error("while (true) held.add(Nd4j.create(8192, 8192));", "OutOfMemoryError")  # 256 MB each
        text = words(error["traceback"])
        self.assertIn("of that is in use", text)
        self.assertIn("set big arrays you no longer need to null", text)
        reply, outputs = self.run_cell("int heldArrays = held.size();\nheld = null;\nheldArrays")
        self.assertGreaterEqual(int(outputs[-1]["content"]["data"]["text/plain"]), 2)
        reply, outputs = self.run_cell("Nd4j.create(8192, 8192).length()")
        self.assertEqual(reply["content"]["status"], "ok", outputs)
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], str(8192 * 8192))
        self.assert_state_kept()

    def test_failed_assert_is_an_error_naming_the_cell_line(self):
        error = self.assert_error('int checked = 1;\nassert checked == 2 : "no";', "AssertionError")
        self.assertEqual(error["evalue"], "no")
        self.assertIn("line 2)", words(error["traceback"]))
        self.assert_state_kept()

    def test_redefining_a_class_notes_the_variable_it_reset(self):
        self.run_cell("class Pt { int a; }\nPt pt = new Pt();")
        reply, outputs = self.run_cell("class Pt { int a; int b; }")
        self.assertEqual(reply["content"]["status"], "ok")
        stdout = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
        self.assertEqual(stdout, "Note: pt was reset to null because class Pt changed.\n")

    def test_every_channel_listens_where_the_connection_file_says(self):
        info = self.km.get_connection_info()
        self.assertEqual(info["transport"], self.transport)
        if self.transport == "ipc":
            for port in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"):
                self.assertTrue(stat.S_ISSOCK(os.stat(f"{info['ip']}-{info[port]}").st_mode), port)
        time.sleep(1.5)  # a few heartbeats
        self.assertTrue(self.kc.hb_channel.is_beating())

    def test_unsigned_message_is_dropped(self):
        info = self.km.get_connection_info()
        forged = Session(key=b"not-the-key", signature_scheme=info["signature_scheme"])
        context = zmq.Context.instance()
        socket = context.socket(zmq.DEALER)
        socket.connect(kernel_client.endpoint(info, "shell_port"))
        try:
            forged.send(socket, "execute_request", {
                "code": "int before = -1;", "silent": False, "store_history": True,
                "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
            time.sleep(1.0)
        finally:
            socket.close(linger=0)
        self.assert_state_kept()


class HostileCellTestsOverIpc(HostileCellTests):
    transport = "ipc"


class CrashReportTests(unittest.TestCase):

    def test_a_jvm_crash_report_goes_to_the_users_log_folder_not_the_notebooks(self):
        home = tempfile.mkdtemp(prefix="cuaderno-home-")
        notebooks = os.path.join(home, "notebooks")
        os.makedirs(notebooks)
        km, kc = kernel_client.start_kernel(env=dict(os.environ, HOME=home), cwd=notebooks,
                                            stderr=subprocess.DEVNULL)  # the JVM's crash banner
        try:
            kc.execute('var unsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");\n'
                       'unsafe.setAccessible(true);\n'
                       '((sun.misc.Unsafe) unsafe.get(null)).putAddress(0, 0);')  # a real SIGSEGV
            deadline = time.time() + 60
            while km.is_alive() and time.time() < deadline:
                time.sleep(0.2)
            self.assertFalse(km.is_alive())
        finally:
            kernel_client.shutdown(km, kc)
        self.assertEqual(os.listdir(notebooks), [])
        self.assertEqual(len(glob.glob(os.path.join(home, ".cuaderno", "logs", "hs_err_pid*.log"))), 1)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
