"""The official Jupyter kernel conformance suite (Debian's python3-jupyter-kernel-test) against the installed
cuaderno kernel, over TCP and over ipc transport. Run by scripts/test; needs the kernelspec on JUPYTER_PATH."""
import unittest

import jupyter_kernel_test

import kernel_client


class CuadernoKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "cuaderno"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("something on stderr");'
    code_generate_error = 'throw new IllegalStateException("boom");'

    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": '"Cua" + "derno"', "result": "Cuaderno"},
        {"code": "List.of(1, 2, 3)", "result": "[1, 2, 3]"},
        {"code": "new int[] {4, 5}", "result": "[4, 5]"},
    ]
    code_display_data = [
        {"code": "display(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB));",
         "mime": "image/png"},
        {"code": 'display(Html.of("<b>hola</b>"));', "mime": "text/html"},
    ]

    completion_samples = [
        {"text": "Math.floo", "matches": {"floor(", "floorDiv(", "floorMod("}},
        {"text": "%lsma", "matches": {"lsmagic"}},
        {"text": "%%ti", "matches": {"time"}},
    ]
    complete_code_samples = ["1 + 1", "int x = 1;", "void f() { }", "%lsmagic"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int y = (1 +", "class A {"]
    invalid_code_samples = ["int x = 1;)", "}"]

    code_inspect_sample = "Math.max"
    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")
    code_clear_output = "clearOutput();"


class CuadernoKernelTestsOverIpc(CuadernoKernelTests):
    """The same suite with "transport": "ipc" in the connection file (Unix sockets, as hosted notebooks use)."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = kernel_client.start_kernel("ipc")

    @classmethod
    def tearDownClass(cls):
        kernel_client.shutdown(cls.km, cls.kc)


if __name__ == "__main__":
    unittest.main()
