"""A student's kernel through a class (see bench/soak): resident memory while one training cell is re-run many
times, for each training engine, and after lesson 001. Drives real kernels through jupyter_client."""
import argparse
import json
import os
import sys
import time

from jupyter_client.manager import start_new_kernel

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 600
# After a cell the kernel may still be tidying up (a collection, on its own thread): memory is read once it has held
# still for a second, at least 2 s and at most 8 s after the reply, as a student reads the output (at 10 s idle the
# kernel tidies up anyway).
SETTLE_MIN, SETTLE_MAX = 2, 8

DATA_CELL = """
Mnist mnist = {source};
INDArray x = mnist.train().first({n}).scaled();
INDArray y = mnist.train().first({n}).labels();
INDArray xTest = mnist.test().scaled();
INDArray yTest = mnist.test().labels();
"""

# The cell a student re-runs: a new model in the same variable each time, trained for one epoch and evaluated.
TRAINING_CELL = """
var model = new Sequential(new Dense(128, "relu").inputDim(784),{dropout} new Dense(10, "softmax"));
model.compile(Optimizer.adam(), "sparse_categorical_crossentropy", "accuracy");
var history = model.fit(x, y, Fit.epochs(1));
model.evaluate(xTest, yTest)
"""

# What the JVM says about its memory; plain Java, so the probe works on any version of the kernel. JavaCPP's
# totalBytes counts only what JavaCPP allocates itself: ND4J 1.0.0-M2.1's arrays are not in it, hence outside_heap.
PROBE_CELL = """
String.format("heap_used_mb=%d heap_committed_mb=%d javacpp_mb=%d",
    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20,
    Runtime.getRuntime().totalMemory() >> 20, org.bytedeco.javacpp.Pointer.totalBytes() >> 20)
"""

# name: (JVM options, Dropout layer or not). Every layer here has a fast step, so the fast engine trains them all
# unless -Dcuaderno.training=dl4j sends them to DL4J's fit. The first is the cell, on the default engine.
DL4J = "-Dcuaderno.training=dl4j"
VARIANTS = {
    "fast-dropout": ("", True),
    "fast": ("", False),
    "dl4j-dropout": (DL4J, True),
    "dl4j": (DL4J, False),
}
ENGINE_CELL = "history.engine()"


class Kernel:
    def __init__(self, jvm_opts="", quick=False):
        env = dict(os.environ, OMP_NUM_THREADS="1", CUADERNO_QUICK="1" if quick else "0")
        extra = " ".join(o for o in (os.environ.get("CUADERNO_JVM_OPTS", ""), jvm_opts) if o)
        env["CUADERNO_JVM_OPTS"] = extra
        self.km, self.kc = start_new_kernel(kernel_name="cuaderno", startup_timeout=120, env=env)
        self.pid = self.km.provisioner.process.pid  # the launcher execs java: this is the JVM itself

    def run(self, code, store_history=True):
        msg_id = self.kc.execute(code, store_history=store_history)
        result, errors = None, []
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "status" and msg["content"]["execution_state"] == "idle":
                break
            if kind == "execute_result":
                result = msg["content"]["data"].get("text/plain")
            elif kind == "error":
                errors.append("\n".join(msg["content"]["traceback"]))
            elif kind == "stream" and msg["content"]["name"] == "stderr":
                errors.append(msg["content"]["text"])
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        if reply["content"]["status"] != "ok" or errors:
            raise RuntimeError("cell failed:\n" + code + "\n" + "\n".join(errors))
        return result

    def rss_mb(self):
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
        raise RuntimeError("no VmRSS")

    def settled_mb(self):
        started = time.time()
        time.sleep(SETTLE_MIN - 1)
        previous = self.rss_mb()
        while True:
            time.sleep(1)
            now = self.rss_mb()
            if abs(now - previous) <= 2 or time.time() - started >= SETTLE_MAX:
                return now
            previous = now

    def probe(self):
        text = self.run(PROBE_CELL, store_history=False).strip('"')
        rss = self.rss_mb()
        committed = int(text.split("heap_committed_mb=")[1].split()[0])
        return f"rss_mb={rss} {text} outside_heap_mb={rss - committed}"

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def idle(settle):
    kernel = Kernel()
    try:
        kernel.run("1 + 1")
        time.sleep(settle)
        return kernel.rss_mb()
    finally:
        kernel.close()


def soak(name, runs, checkpoints, source, digits, after_run=None):
    jvm_opts, dropout = VARIANTS[name]
    kernel = Kernel(jvm_opts)
    try:
        kernel.run(DATA_CELL.format(source=source, n=digits))
        cell = TRAINING_CELL.format(dropout=' new Dropout(0.2),' if dropout else '')
        rss = {}
        started = time.time()
        for run in range(1, runs + 1):
            kernel.run(cell)
            if run == 1:
                check_engine(name, kernel.run(ENGINE_CELL, store_history=False))
            if after_run:
                kernel.run(after_run, store_history=False)
            if run in checkpoints:
                rss[run] = kernel.settled_mb()
                print(f"  {name} run {run:3d}: {kernel.probe()} ({time.time() - started:.0f} s)", flush=True)
        return rss
    finally:
        kernel.close()


def check_engine(name, engine):
    """Stops the soak if a variant trains on another engine than its name says (a changed default, a lost -D)."""
    if name.startswith("dl4j") != ("DL4J" in engine):
        raise RuntimeError(f"{name} trained on {engine}")
    print(f"  {name}: {engine}", flush=True)


def lesson(path, quick):
    """Runs every code cell of a course notebook; the kernel's resident memory after its data and after it all."""
    cells = ["".join(c["source"]) for c in json.load(open(path))["cells"] if c["cell_type"] == "code"]
    kernel = Kernel(quick=quick)
    loaded = None
    try:
        for code in cells:
            kernel.run(code)
            if loaded is None and "Mnist" in code:
                loaded = kernel.settled_mb()
                print(f"  lesson after loading MNIST: {kernel.probe()}", flush=True)
        after = kernel.settled_mb()
        print(f"  lesson after all {len(cells)} cells: {kernel.probe()}", flush=True)
        return loaded, after
    finally:
        kernel.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=120, help="re-runs of the training cell per variant")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated: " + ", ".join(VARIANTS))
    parser.add_argument("--digits", type=int, default=10_000, help="training digits per run")
    parser.add_argument("--sample", action="store_true", help="the 1,000-digit sample inside the jar, not MNIST")
    parser.add_argument("--no-lesson", action="store_true", help="skip lesson 001")
    parser.add_argument("--quick", action="store_true", help="lesson 001 in quick mode (sample, 2 epochs)")
    parser.add_argument("--after-run", help="a cell run after each training cell (for experiments)")
    parser.add_argument("--max-growth-mb", type=float, help="exit 1 if any variant grows more than this")
    args = parser.parse_args()
    if args.sample:
        args.digits = min(args.digits, 1000)
    source = "Mnist.sample()" if args.sample else "Mnist.load()"
    first = max(1, args.runs // 6)  # run 20 of 120: warm-up done
    checkpoints = sorted({first, args.runs // 2, args.runs})

    idle_mb = idle(settle=15)
    print(f"  idle kernel: rss_mb={idle_mb}", flush=True)
    growths, summary = {}, {}
    for name in [v for v in args.variants.split(",") if v]:
        rss = soak(name, args.runs, checkpoints, source, args.digits, args.after_run)
        growths[name] = rss[args.runs] - rss[first]
        summary[name] = rss
        print(f"{name}: " + " ".join(f"run{r}_mb={rss[r]}" for r in checkpoints)
              + f" growth_{first}_{args.runs}_mb={growths[name]}", flush=True)

    line = f"soak: idle_mb={idle_mb}"
    main_variant = next(iter(summary), None)
    if main_variant:
        rss = summary[main_variant]
        line += " " + " ".join(f"run{r}_mb={rss[r]}" for r in checkpoints)
        line += f" growth_{first}_{args.runs}_mb={growths[main_variant]}"
        line += "".join(f" growth_{n}_mb={g}" for n, g in growths.items() if n != main_variant)
    if not args.no_lesson:
        notebook = os.path.join(HERE, "..", "notebooks", "en", "001_optimisers.ipynb")
        loaded, after = lesson(notebook, args.quick)
        line += f" lesson001_load_mb={loaded} lesson001_mb={after}"
    print(line, flush=True)
    if args.max_growth_mb is not None and any(g > args.max_growth_mb for g in growths.values()):
        print(f"soak: growth over {args.max_growth_mb} MB: {growths}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
