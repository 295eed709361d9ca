"""Every Java example of the README runs: each ```java block, in order, as one cell of one kernel, compiles and runs
without an error or a line on stderr. Quick mode (CUADERNO_QUICK=1) makes Mnist.load() give the 1,000 + 1,000 digit
sample inside the jar. A block that is a fragment on purpose is fenced ```java no-run (and says why nearby).

Also: library chatter stays out of cells (a graph training cell shows only the student's own output) and off the
server's terminal (the kernel's stderr)."""
import os
import re
import sys
import tempfile
import textwrap
import time
import unittest

from jupyter_client.manager import start_new_kernel

import kernel_client

HERE = os.path.dirname(os.path.abspath(__file__))
README = os.path.join(os.path.dirname(HERE), "README.md")
TIMEOUT = 900

# lines libraries print that nobody at a notebook can act on
LIBRARY_NOISE = ["Added differentiated op", "Duplicate TF op mapping", "InputType", "size of zero",
                 "No fields found for property", "jhdf"]


def java_blocks(markdown):
    """(line number, code) of every ```java block, also those indented in a list, skipping ```java no-run ones."""
    blocks = []
    for match in re.finditer(r"^( *)```java([^\n]*)\n(.*?)^\1```", markdown, re.S | re.M):
        if "no-run" not in match.group(2):
            blocks.append((markdown.count("\n", 0, match.start()) + 1, textwrap.dedent(match.group(3))))
    return blocks


class ReadmeExamplesTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="cuaderno-readme-")
        cls.terminal = open(os.path.join(cls.workdir, "kernel-stderr.log"), "w")
        env = dict(os.environ, CUADERNO_QUICK="1")
        cls.km, cls.kc = start_new_kernel(kernel_name="cuaderno", startup_timeout=120, env=env, cwd=cls.workdir,
                                          stderr=cls.terminal)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        cls.terminal.close()

    def run_cell(self, code):
        reply, outputs = kernel_client.run_cell(self.kc, code, TIMEOUT)
        errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
        stderr = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream"
                         and m["content"]["name"] == "stderr")
        stdout = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream"
                         and m["content"]["name"] == "stdout")
        return reply, errors, stdout, stderr, outputs

    def test_a_graph_training_cell_shows_only_the_students_output(self):
        # the first ND4J use in this kernel too: no start-up banner may reach the cell either
        reply, errors, stdout, stderr, _ = self.run_cell(textwrap.dedent("""\
            Graph g = new Graph().seed(1);
            Tensor x = g.placeholder("X", -1, 784), y = g.placeholder("Y", -1, 10);
            Tensor w = g.variable("w", g.randomNormal(784, 10));
            Tensor logits = g.add(g.matmul(x, w), g.variable("b", g.randomNormal(10)));
            Tensor loss = g.reduceMean(g.softmaxCrossEntropyWithLogits(logits, y));
            Tensor accuracy = g.reduceMean(g.cast(g.equal(g.argmax(logits, 1), g.argmax(y, 1)), "float32"));
            Graph.Train train = g.adam(0.1).minimize(loss);
            var batches = Mnist.sample().train().batches(7);
            try (Session session = g.session()) {
                for (int step = 1; step <= 5; step++) {
                    var batch = batches.nextBatch(128);
                    session.run(train, Feed.of(x, batch.images(), y, batch.labels()));
                }
                var batch = batches.nextBatch(128);
                double[] lossAcc = session.scalars(List.of(loss, accuracy), Feed.of(x, batch.images(), y, batch.labels()));
                System.out.println("mine " + (lossAcc[1] >= 0 && lossAcc[1] <= 1));
            }"""))
        self.assertEqual(reply["content"]["status"], "ok", errors)
        self.assertEqual(stdout, "mine true\n")
        self.assertEqual(stderr, "")

    def test_b_every_java_block_of_the_readme_runs(self):
        with open(README, encoding="utf-8") as f:
            blocks = java_blocks(f.read())
        self.assertGreaterEqual(len(blocks), 4, "the README's Java examples were found")
        for line, code in blocks:
            with self.subTest(readme_line=line):
                started = time.monotonic()
                reply, errors, stdout, stderr, outputs = self.run_cell(code)
                print(f"README line {line}: {time.monotonic() - started:.1f} s", file=sys.stderr)
                problem = "\n".join("\n".join(e["traceback"]) or e["ename"] + ": " + e["evalue"] for e in errors) or stderr
                self.assertEqual(reply["content"]["status"], "ok", f"README line {line}:\n{problem}")
                self.assertEqual(stderr, "", f"README line {line} wrote to stderr")
                for noise in LIBRARY_NOISE:
                    self.assertNotIn(noise, stdout, f"README line {line}")
        self.assertTrue(os.path.exists(os.path.join(self.workdir, "curve.png")), "Plot...save(\"curve.png\") wrote it")

    def test_c_the_servers_terminal_has_no_library_chatter(self):
        # runs after the blocks above (unittest runs methods by name): everything they logged is in the file
        self.terminal.flush()
        with open(self.terminal.name, encoding="utf-8", errors="replace") as f:
            log = f.read()
        for noise in LIBRARY_NOISE:
            self.assertNotIn(noise, log, "the kernel's stderr (the Jupyter server's terminal):\n" + log[-3000:])


if __name__ == "__main__":
    unittest.main()
