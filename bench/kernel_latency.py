"""Measures kernel start-to-ready and trivial-cell round trips through jupyter_client (see bench/kernel)."""
import argparse
import statistics
import time

from jupyter_client.manager import start_new_kernel

CELLS = {"cuaderno": "1+1", "python3": "1+1"}


def round_trip(kc, code):
    started = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=30)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            break
    reply = kc.get_shell_msg(timeout=30)
    assert reply["content"]["status"] == "ok", reply["content"]
    return time.perf_counter() - started


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(kernel, starts, cells):
    ready, first = [], []
    trips = []
    for i in range(starts):
        started = time.perf_counter()
        km, kc = start_new_kernel(kernel_name=kernel, startup_timeout=60)
        ready.append(time.perf_counter() - started)
        first.append(round_trip(kc, CELLS[kernel]))
        if i == 0:
            for _ in range(20):  # warm-up, not counted
                round_trip(kc, CELLS[kernel])
            trips = [round_trip(kc, CELLS[kernel]) for _ in range(cells)]
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    ms = lambda s: f"{1000 * s:.1f} ms"
    print(f"{kernel:9s} ready p50 {statistics.median(ready):.2f} s | first cell p50 {ms(statistics.median(first))}"
          f" | '{CELLS[kernel]}' round trip p50 {ms(percentile(trips, 50))} p90 {ms(percentile(trips, 90))}"
          f" ({cells} cells, {starts} starts)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--cells", type=int, default=200)
    args = parser.parse_args()
    for kernel in ("cuaderno", "python3"):
        measure(kernel, args.starts, args.cells)


if __name__ == "__main__":
    main()
