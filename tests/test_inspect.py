"""Shift-Tab through a real Jupyter client (inspect_request): signatures with the first paragraph of their Javadoc,
for JDK methods (read from the JDK's src.zip, Debian's openjdk-17-source) and for the helper API (from
cuaderno-sources.jar, installed beside the kernel's jar)."""
import unittest

import kernel_client

TIMEOUT = 120


class InspectTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = kernel_client.start_kernel()

    @classmethod
    def tearDownClass(cls):
        kernel_client.shutdown(cls.km, cls.kc)

    def tooltip(self, code, cursor=None):
        msg_id = self.kc.inspect(code, len(code) if cursor is None else cursor)
        content = kernel_client.shell_reply(self.kc, msg_id, TIMEOUT)["content"]
        self.assertEqual(content["status"], "ok", content)
        return content["data"].get("text/plain", "") if content["found"] else None

    def test_jdk_method_shows_signatures_and_javadoc(self):
        text = self.tooltip("Math.abs")
        self.assertIsNotNone(text, "no tooltip for Math.abs")
        self.assertIn("int Math.abs(int a)", text)
        self.assertIn("double Math.abs(double a)", text)
        # the first paragraph, with {@code int} written out and no block tags
        self.assertIn("Returns the absolute value of an int value.", text)
        self.assertNotIn("{@code", text)
        self.assertNotIn("@param", text)

    def test_cursor_inside_a_call_documents_that_method(self):
        code = 'String.format("%d items", 3)'
        text = self.tooltip(code, code.index("(") + 1)
        self.assertIn("String String.format(String format, Object... args)", text)
        self.assertIn("Returns a formatted string using the specified format string and arguments.", text)
        self.assertNotIn("<p>", text)

    def test_helper_api_shows_its_own_javadoc(self):
        text = self.tooltip("new Dense(10).inputDim")
        self.assertIn("Dense Dense.inputDim(int width)", text)
        self.assertIn("Keras' input_dim: the width of the input, needed on the first layer.", text)

    def test_variable_shows_its_type(self):
        reply, outputs = kernel_client.run_cell(self.kc, "var greeting = \"hola\";", TIMEOUT)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertIn("String greeting", self.tooltip("greeting"))

    def test_unknown_name_is_not_found(self):
        self.assertIsNone(self.tooltip("noSuchThing"))


if __name__ == "__main__":
    unittest.main()
