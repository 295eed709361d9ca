"""A class on this machine (see bench/classroom): N students log in through the hub's REST API at once, start their
servers, open a Cuaderno kernel each over the hub's websocket, run lesson 001's cells up to its first training and a
short training, then run `1+1` cells with a pause between them, all at the same time. Reports each student's memory
(idle kernel, after loading MNIST, after training), the cell round trip under that load, and how many students fit."""
import argparse
import asyncio
import glob
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "classroom"))

from hubclient import HubProcess, kernel_pid, memory_mb, processes_of  # noqa: E402

GIB = 2**30


def lesson_cells(pattern):
    """Lesson 001's code cells up to its first training cell, and that cell."""
    paths = sorted(glob.glob(os.path.join(ROOT, "notebooks", pattern)))
    if not paths:
        raise SystemExit(f"classroom: no notebook matches notebooks/{pattern}")
    with open(paths[0]) as f:
        cells = ["".join(c["source"]) for c in json.load(f)["cells"] if c["cell_type"] == "code"]
    training = next(i for i, source in enumerate(cells) if ".fit(" in source)
    return paths[0], cells[:training], cells[training]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def student_memory(name, kernel_id):
    """(kernel RSS, kernel PSS, rest RSS, rest PSS) in MB: the kernel, and the student's other processes (their
    notebook server)."""
    kernel = kernel_pid(name, kernel_id)
    k_rss, k_pss = memory_mb(kernel) if kernel else (0.0, 0.0)
    rest = [memory_mb(pid) for pid, _ in processes_of(name) if pid != kernel]
    return k_rss, k_pss, sum(r for r, _ in rest), sum(p for _, p in rest)


def used_mb(pids):
    return sum(memory_mb(pid)[0] for pid in pids)


class Student:
    def __init__(self, name):
        self.name = name
        self.memory = {}
        self.times = {}
        self.latencies = []
        self.error = None
        self.retried = False


async def attend(hub, student, args, before, training):
    """One student's lesson, start to end; errors are kept, not raised, so one failure does not end the class."""
    try:
        token = await hub.add_student(student.name)
        try:
            student.times["server_s"] = await hub.start_server(student.name, timeout=900)
        except RuntimeError:  # a start that failed under load: the student presses Start again
            student.retried = True
            student.times["server_s"] = await hub.start_server(student.name, timeout=900)
        start = time.monotonic()
        kernel = await hub.open_kernel(student.name, token)
        first = await kernel.execute("1+1")
        student.times["first_cell_s"] = time.monotonic() - start
        assert first.status == "ok", first.errors()
        await asyncio.sleep(2)  # let the first cell's compilation settle before measuring
        student.memory["idle"] = student_memory(student.name, kernel.kernel_id)
        start = time.monotonic()
        for source in before:
            cell = await kernel.execute(source, timeout=1800)
            if cell.status != "ok":
                raise RuntimeError(f"lesson cell failed: {cell.errors()}\n{source[:200]}")
            if "Mnist" in source and "mnist" not in student.memory:
                student.memory["mnist"] = student_memory(student.name, kernel.kernel_id)
        student.times["lesson_s"] = time.monotonic() - start
        if training:
            if args.epochs:
                await kernel.execute(f"epoch = {args.epochs};")
            start = time.monotonic()
            cell = await kernel.execute(training, timeout=3600)
            if cell.status != "ok":
                raise RuntimeError(f"training failed: {cell.errors()}")
            student.times["training_s"] = time.monotonic() - start
        student.memory["trained"] = student_memory(student.name, kernel.kernel_id)
        student.kernel = kernel
    except Exception as e:  # noqa: BLE001 (reported per student)
        student.error = f"{type(e).__name__}: {e}"


async def type_cells(student, args):
    """After everyone's lesson: `1+1` cells with a student's pause between them (think time)."""
    kernel = getattr(student, "kernel", None)
    if kernel is None or student.error:
        return
    rng = random.Random(student.name)
    for _ in range(args.cells):
        await asyncio.sleep(rng.uniform(0, 2 * args.think))
        cell = await kernel.execute("1+1", timeout=300)
        if cell.status == "ok":
            student.latencies.append(cell.seconds * 1000)


async def run_class(hub, hub_process, args):
    path, before, training = lesson_cells(args.lesson)
    print(f"classroom: {args.students} students, lesson {os.path.relpath(path, ROOT)}: {len(before)} cells, then "
          f"{'its training cell with epoch = ' + str(args.epochs) if args.epochs else 'its training cell'}"
          f"{' (quick mode: the embedded sample)' if args.quick else ''}", flush=True)
    students = [Student(f"cuaderno-bench-{i + 1:02d}") for i in range(args.students)]
    hub_process.students.extend(s.name for s in students)
    started = time.monotonic()
    lessons = [asyncio.ensure_future(attend(hub, s, args, before, training)) for s in students]
    done, late = await asyncio.wait(lessons, timeout=args.timeout)
    for student, lesson in zip(students, lessons):
        if lesson in late:
            lesson.cancel()
            student.error = f"not done after {args.timeout} s (the machine may be out of memory)"
    lesson_s = time.monotonic() - started
    await asyncio.gather(*(type_cells(s, args) for s in students))
    for s in students:
        if getattr(s, "kernel", None):
            await s.kernel.close()
    return students, lesson_s


def report(students, lesson_s, hub_pids, args, load_before):
    failed = [s for s in students if s.error]
    for s in failed:
        print(f"  {s.name}: FAILED {s.error}")
    retried = [s.name for s in students if s.retried]
    if retried:
        print(f"  servers that failed to start and started on a second try: {', '.join(retried)}")
    ok = [s for s in students if not s.error]
    if not ok:
        raise SystemExit("classroom: every student failed")

    def median(key, part):
        values = [s.memory[key][part] for s in ok if key in s.memory]
        return statistics.median(values) if values else float("nan")

    print(f"\nper student (median of {len(ok)}), MB        kernel RSS  kernel PSS  server RSS  server PSS")
    for key, label in (("idle", "idle kernel (after 1+1)"), ("mnist", "after loading MNIST"),
                       ("trained", "after training")):
        print(f"  {label:<36} {median(key, 0):10.0f}  {median(key, 1):10.0f}  {median(key, 2):10.0f}"
              f"  {median(key, 3):10.0f}")
    for key, label in (("server_s", "server start"), ("first_cell_s", "kernel start + first cell"),
                       ("lesson_s", "lesson cells"), ("training_s", "training")):
        values = [s.times[key] for s in ok if key in s.times]
        if values:
            print(f"  {label:<36} median {statistics.median(values):6.1f} s   max {max(values):6.1f} s")
    print(f"  whole class, login to trained: {lesson_s:.0f} s")
    latencies = [ms for s in ok for ms in s.latencies]
    p50, p90 = percentile(latencies, 50), percentile(latencies, 90)
    print(f"  `1+1` through the hub, {len(latencies)} cells by {len(ok)} students at once "
          f"(pauses 0-{2 * args.think:g} s): p50 {p50:.1f} ms, p90 {p90:.1f} ms")

    # A student costs their trained kernel plus their notebook server, in proportional memory (pages shared with
    # other processes counted once); the hub and proxy, and 1 GiB for the system, come first.
    per_student = statistics.median(s.memory["trained"][1] + s.memory["trained"][3] for s in ok)
    hub_mb = used_mb(hub_pids)
    fits = math.floor((24 * 1024 - 1024 - hub_mb) / per_student)
    print(f"  hub + proxy {hub_mb:.0f} MB; a trained student {per_student:.0f} MB (kernel + server PSS): "
          f"{fits} students in 24 GiB")
    load_after = os.getloadavg()[0]
    print(f"  machine: {os.cpu_count()} cores, load average {load_before:.1f} before, {load_after:.1f} after "
          f"(other work on the machine slows every figure above)")
    print(f"classroom: students={len(ok)} idle_rss_mb={median('idle', 0):.0f} "
          f"trained_rss_mb={median('trained', 0):.0f} cell_p50_ms={p50:.1f} cell_p90_ms={p90:.1f} "
          f"fits_in_24g={fits}")
    return 1 if failed else 0


def hub_processes(hub_process):
    """The hub and its proxy: the hub's process group."""
    group = os.getpgid(hub_process.process.pid)
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.getpgid(int(pid)) == group:
                pids.append(int(pid))
        except OSError:
            pass
    return pids


def cap_class_memory(hub_process, reserve_gib=3):
    """On a machine shared with other work, the whole class stays under what is available now less a reserve, so
    that a class too big for the machine ends in out-of-memory kills among its own students, not elsewhere."""
    with open("/proc/meminfo") as f:
        available = next(int(line.split()[1]) * 1024 for line in f if line.startswith("MemAvailable:"))
    cap = available - reserve_gib * GIB
    folder = os.path.join("/sys/fs/cgroup/memory", hub_process.cgroup)
    if os.path.isdir(os.path.dirname(folder)):
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "memory.limit_in_bytes"), "w") as f:
            f.write(str(cap))
        print(f"classroom: the whole class is held under {cap / GIB:.1f} GiB (available now less {reserve_gib} GiB)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=1, help="epochs of the lesson's training (0: as written)")
    parser.add_argument("--cells", type=int, default=20, help="`1+1` cells per student after the lesson")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a student's cells (s)")
    parser.add_argument("--mem", default="2G", help="memory limit per student")
    parser.add_argument("--cpu", default="1", help="CPU limit per student")
    parser.add_argument("--lesson", default="en/001_*.ipynb", help="notebook (glob under notebooks/)")
    parser.add_argument("--quick", action="store_true", help="CUADERNO_QUICK=1: the embedded sample, 2 epochs")
    parser.add_argument("--port", type=int, default=18700)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for the whole class's lesson")
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("classroom: run as root (the hub creates the students' Unix accounts)")
    if args.quick:
        os.environ["CUADERNO_QUICK"] = "1"
        args.epochs = 0
    load_before = os.getloadavg()[0]
    hub_process = HubProcess(tempfile.mkdtemp(prefix="cuaderno-classroom-"), args.port, mem=args.mem,
                             cpu=args.cpu, cull_idle=0)
    loop = asyncio.new_event_loop()
    try:
        hub = hub_process.start()
        cap_class_memory(hub_process)
        students, lesson_s = loop.run_until_complete(run_class(hub, hub_process, args))
        status = report(students, lesson_s, hub_processes(hub_process), args, load_before)
    finally:
        hub_process.stop(keep_log=os.path.join(ROOT, "target", "classroom-hub.log"))
        loop.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
