"""Turns run.sh's JSON reports into RESULTS.md's markdown tables."""

import glob
import json
import os
import statistics
import sys

MODES = [
    ("a_callback_inline_sql", "a) callback, SQL inline in the reaction"),
    ("b_executor_2", "b) callback, SQL on BoundedExecutor, 2 threads"),
    ("b_executor_4", "b) callback, SQL on BoundedExecutor, 4 threads"),
    ("b_executor_8", "b) callback, SQL on BoundedExecutor, 8 threads"),
    ("c_sync_1cq_1-2pollers", "c) sync API, 1 CQ, 1-2 pollers (gRPC default)"),
    ("c_sync_2cq_2-4pollers", "c) sync API, 2 CQs, 2-4 pollers, no quota"),
    ("c_sync_2cq_2-4pollers_64threads",
     "c) sync API, 2 CQs, 2-4 pollers, quota 64 threads"),
    ("d_cache_inline", "d) callback, MemoryCache hit inline"),
    ("e_cache_executor_4", "e) callback, MemoryCache hit on executor (4 thr)"),
]
STALL = [("a", "a) SQL inline"), ("b", "b) SQL on executor (4 threads)"),
         ("c", "c) sync, 2 CQs, 2-4 pollers, quota 64 threads")]


def errors(run):
    return sum(run["errors"].values()) if run["errors"] else 0


def main(out):
    print("| mode | calls/s | p99 ms | baseline calls/s | baseline p99 ms "
          "| ratio calls/s | ratio p99 | pair ratios calls/s | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for name, label in MODES:
        path = os.path.join(out, name + ".json")
        if not os.path.exists(path):
            continue
        report = json.load(open(path))
        target = report["results"]["target"]
        baseline = report["results"]["baseline"]
        ratio = report["ratio"]["median"]
        pairs = " ".join("%.2f" % p["calls_per_second"]
                         for p in report["ratio"]["pairs"])
        errs = sum(errors(r) for r in target["runs"])
        print("| %s | %.0f | %.2f | %.0f | %.2f | %.3f | %.3f | %s | %d |" % (
            label, target["median"]["calls_per_second"],
            target["median"]["latency_us"]["p99"] / 1000,
            baseline["median"]["calls_per_second"],
            baseline["median"]["latency_us"]["p99"] / 1000,
            ratio["calls_per_second"], ratio["p99"], pairs, errs))
    print()
    print("| stall: server mode | GetCachedRow calls/s | GetCachedRow p99 ms "
          "| per-round p99 ms | p99.9 ms | GetRow (slow mix) calls/s "
          "| GetRow p99 ms | errors |")
    print("|---|---:|---:|---|---:|---:|---:|---:|")
    for mode, label in STALL:
        fast = [json.load(open(p))["results"]["target"]["median"]
                for p in sorted(glob.glob(os.path.join(
                    out, "stall_%s_*.fast.json" % mode)))]
        slow = [json.load(open(p))["results"]["target"]["median"]
                for p in sorted(glob.glob(os.path.join(
                    out, "stall_%s_*.slow.json" % mode)))]
        if not fast:
            continue
        med = statistics.median
        print("| %s | %.0f | %.2f | %s | %.2f | %.0f | %.2f | %d |" % (
            label, med(r["calls_per_second"] for r in fast),
            med(r["latency_us"]["p99"] for r in fast) / 1000,
            " ".join("%.1f" % (r["latency_us"]["p99"] / 1000) for r in fast),
            med(r["latency_us"]["p999"] for r in fast) / 1000,
            med(r["calls_per_second"] for r in slow),
            med(r["latency_us"]["p99"] for r in slow) / 1000,
            sum(errors(r) for r in fast + slow)))


if __name__ == "__main__":
    main(sys.argv[1])
