"""Hostile cells through a real Jupyter client (Debian's jupyter_client): each one must end in a clear error or
finish, and the next cell must still see the variables defined before it."""
import time
import unittest

import zmq

import kernel_client
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

TIMEOUT = 60


class HostileCellTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="cuaderno", startup_timeout=60)
        reply, _ = cls.run_cell("int before = 42; String name = \"kept\";")
        assert reply["content"]["status"] == "ok", reply

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

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

    def test_unsigned_message_is_dropped(self):
        info = self.km.get_connection_info()
        forged = Session(key=b"not-the-key", signature_scheme=info["signature_scheme"])
        context = zmq.Context.instance()
        socket = context.socket(zmq.DEALER)
        socket.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
        try:
            forged.send(socket, "execute_request", {
                "code": "int before = -1;", "silent": False, "store_history": True,
                "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
            time.sleep(1.0)
        finally:
            socket.close(linger=0)
        self.assert_state_kept()


if __name__ == "__main__":
    unittest.main()
