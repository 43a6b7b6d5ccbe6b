#!/usr/bin/env python3
"""Times numpy's `x @ w.T` (f32) at linear-layer shapes, the peer for GemmBench.

Usage: gemm_numpy.py [--m 512,1024,2048,4096] [--n 1024,2048,4096] [--k 1024] [--runs 7] [--warmup 3]
Threads come from OPENBLAS_NUM_THREADS. Output, one line per shape: `f32 M N K best_gflops median_gflops`,
the same format as dev.gallop.engine.bench.GemmBench.
"""
import argparse
import statistics
import time

import numpy as np


def ints(s):
    return [int(v) for v in s.split(",")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--m", type=ints, default=[512, 1024, 2048, 4096])
    ap.add_argument("--n", type=ints, default=[1024, 2048, 4096])
    ap.add_argument("--k", type=ints, default=[1024])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=3)
    a = ap.parse_args()
    rng = np.random.default_rng(42)
    print("# numpy", np.__version__)
    print("# dtype M N K best_gflops median_gflops")
    for k in a.k:
        for n in a.n:
            for m in a.m:
                x = rng.uniform(-1, 1, (m, k)).astype(np.float32)
                w = rng.uniform(-1, 1, (n, k)).astype(np.float32)
                out = np.empty((m, n), dtype=np.float32)
                flops = 2.0 * m * n * k
                gf = []
                for r in range(a.warmup + a.runs):
                    t = time.perf_counter_ns()
                    np.matmul(x, w.T, out=out)
                    dt = time.perf_counter_ns() - t
                    if r >= a.warmup:
                        gf.append(flops / dt)
                print(f"f32 {m} {n} {k} {max(gf):.1f} {statistics.median(gf):.1f}", flush=True)


if __name__ == "__main__":
    main()
