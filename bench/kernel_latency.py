"""Kernel latency and idle memory through jupyter_client, for cuaderno and ipykernel (see bench/kernel).

Each start measures: ready (start until kernel_info is answered), the first cell's round trip, the kernel's resident
memory once it has idled --idle seconds after that cell (as a student reads; kernels do background work when idle),
then the round trips of --cells trivial cells (execute request to idle and reply, after 20 not counted) as p50/p90.
Starts of the two kernels alternate, so both see the same machine; the last line gives the medians over the starts."""
import argparse
import os
import statistics
import time

from jupyter_client.manager import start_new_kernel

KERNELS = (("kernel", "cuaderno"), ("ipykernel", "python3"))
CODE = "1+1"
WARM_UP_CELLS = 20


def round_trip(kc, code):
    started = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            break
    reply = kc.get_shell_msg(timeout=60)
    while reply["parent_header"].get("msg_id") != msg_id:  # a late kernel_info reply from the start
        reply = kc.get_shell_msg(timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    return time.perf_counter() - started


def resident_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def one_start(kernel, cells, idle):
    started = time.perf_counter()
    km, kc = start_new_kernel(kernel_name=kernel, startup_timeout=120)
    try:
        ready = time.perf_counter() - started
        first = round_trip(kc, CODE)
        time.sleep(idle)
        rss = resident_mb(km.provisioner.process.pid)
        for _ in range(WARM_UP_CELLS):
            round_trip(kc, CODE)
        trips = [round_trip(kc, CODE) for _ in range(cells)]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return {"ready_s": ready, "first_cell_ms": 1000 * first, "p50_ms": 1000 * percentile(trips, 50),
            "p90_ms": 1000 * percentile(trips, 90), "idle_rss_mb": rss}


def fields(result):
    return (f"ready_s={result['ready_s']:.2f} first_cell_ms={result['first_cell_ms']:.0f} "
            f"p50_ms={result['p50_ms']:.1f} p90_ms={result['p90_ms']:.1f} idle_rss_mb={result['idle_rss_mb']:.0f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--cells", type=int, default=200)
    parser.add_argument("--idle", type=float, default=5, help="seconds idle after the first cell before the RSS")
    args = parser.parse_args()
    results = {label: [] for label, _ in KERNELS}
    for start in range(args.starts):
        for label, kernel in KERNELS:
            result = one_start(kernel, args.cells, args.idle)
            results[label].append(result)
            print(f"start {start + 1} {label}: {fields(result)} (load {os.getloadavg()[0]:.1f})", flush=True)
    medians = {label: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
               for label, runs in results.items()}
    print(f"# '{CODE}' x {args.cells} cells per start, RSS after {args.idle:g} s idle, medians over {args.starts} starts")
    print(" | ".join(f"{label}: {fields(medians[label])}" for label, _ in KERNELS))


if __name__ == "__main__":
    main()
