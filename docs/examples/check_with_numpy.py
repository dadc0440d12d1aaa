#!/usr/bin/env python3
"""Compare `ea4j attention` with a NumPy version of the paper's Figure 2 EA-series.

Writes random q, k, v with NumPy, runs `./ea4j attention` on them (non-causal, causal, recurrent, and
exact EA), reads y back, and compares with a float64 NumPy implementation of Feng 2025, Figure 2
(sum -> cumsum for the causal form; paper/EA-NOTES.md sections 3-6). Exit status 0 when every
comparison is within tolerance, 1 otherwise.

    python3 docs/examples/check_with_numpy.py [--ea4j ./ea4j] [--device cpu] [--keep DIR]

Needs numpy and a JDK 25 (the launcher builds the jar on first use).
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile

import numpy as np


def ea_series(q, k, v, p, causal):
    """Figure 2 of the paper with degree p (t = p + 1 terms), in float64. q, k, v: [B, L, D]."""
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    t = p + 1
    exponent = np.arange(t).reshape(t, 1, 1)                                   # [t, 1, 1]
    coeff = np.array([2.0 ** n / math.factorial(n) for n in range(t)]).reshape(t, 1, 1)
    k1 = k[:, None]                                                            # [B, 1, L, D]
    exp_k = np.exp(-k1 ** 2)                                                   # [B, 1, L, D]
    K = k1 ** exponent                                                         # [B, t, L, D]
    den = K * exp_k                                                            # [B, t, L, D]
    num = den * v[:, None]                                                     # [B, t, L, D]
    if causal:
        num, den = np.cumsum(num, axis=2), np.cumsum(den, axis=2)              # [B, t, L, D]
    else:
        num, den = num.sum(axis=2, keepdims=True), den.sum(axis=2, keepdims=True)  # [B, t, 1, D]
    Q = (q[:, None] ** exponent) * coeff                                       # [B, t, L, D]
    return (Q * num).sum(axis=1) / (Q * den).sum(axis=1)                       # [B, L, D]


def exact_ea(q, k, v, causal):
    """Eq. 2: per channel softmax_j(-(q_i - k_j)^2) weighting v_j, in float64. q, k, v: [B, L, D]."""
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    o = -(q[:, :, None, :] - k[:, None, :, :]) ** 2                            # [B, L(i), L(j), D]
    if causal:
        L = q.shape[1]
        o = np.where(np.tril(np.ones((L, L), dtype=bool))[None, :, :, None], o, -np.inf)
    o = o - o.max(axis=2, keepdims=True)
    w = np.exp(o)
    return (w * v[:, None, :, :]).sum(axis=2) / w.sum(axis=2)                  # [B, L, D]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ea4j", default=os.path.join(here, "..", "..", "ea4j"), help="path to the ea4j launcher")
    ap.add_argument("--device", default="", help="ea4j device (default: ea4j's default)")
    ap.add_argument("--keep", help="write the .npy files to this folder and keep them")
    ap.add_argument("--tol", type=float, default=1e-4, help="max |ea4j - numpy| / max(1, max|numpy|)")
    args = ap.parse_args()

    rng = np.random.default_rng(2025)
    B, L, D = 2, 37, 8
    q = rng.uniform(-1, 1, (B, L, D)).astype("<f4")
    k = rng.uniform(-1, 1, (B, L, D)).astype("<f4")
    v = rng.uniform(-1, 1, (B, L, D)).astype("<f4")

    work = args.keep or tempfile.mkdtemp(prefix="ea4j-numpy-")
    os.makedirs(work, exist_ok=True)
    paths = {}
    for name, a in (("q", q), ("k", k), ("v", v), ("q2", q[0]), ("k2", k[0]), ("v2", v[0])):
        paths[name] = os.path.join(work, name + ".npy")
        np.save(paths[name], a)

    cases = []
    for p in (2, 6):
        for causal in (False, True):
            cases.append((f"EA-{p} {'causal' if causal else 'non-causal'}", ["--order", str(p)]
                          + (["--causal"] if causal else []), ea_series(q, k, v, p, causal), ""))
        cases.append((f"EA-{p} recurrent", ["--order", str(p), "--recurrent"], ea_series(q, k, v, p, True), ""))
    cases.append(("EA-6 non-causal, rank 2 [L, D]", ["--order", "6"], ea_series(q[:1], k[:1], v[:1], 6, False)[0], "2"))
    for causal in (False, True):
        cases.append((f"exact EA {'causal' if causal else 'non-causal'}", ["--exact"] + (["--causal"] if causal else []),
                      exact_ea(q, k, v, causal), ""))

    failed = 0
    for i, (name, flags, want, suffix) in enumerate(cases):
        out = os.path.join(work, f"y{i}.npy")
        cmd = [args.ea4j, "attention", "--q", paths["q" + suffix], "--k", paths["k" + suffix],
               "--v", paths["v" + suffix], "--out", out] + flags
        if args.device:
            cmd += ["--device", args.device]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            print(f"FAIL  {name:34s} ea4j exited {r.returncode}: {r.stderr.strip().splitlines()[-1:]}")
            failed += 1
            continue
        got = np.load(out)
        if got.shape != want.shape or got.dtype != np.float32:
            print(f"FAIL  {name:34s} got {got.dtype} {got.shape}, want float32 {want.shape}")
            failed += 1
            continue
        err = float(np.max(np.abs(got.astype(np.float64) - want)) / max(1.0, float(np.max(np.abs(want)))))
        ok = err <= args.tol
        failed += not ok
        ran = [l for l in r.stderr.splitlines() if "ran on" in l]
        print(f"{'PASS' if ok else 'FAIL'}  {name:34s} err {err:.1e}  tol {args.tol:.0e}  {ran[-1] if ran else ''}")

    print(f"{len(cases) - failed}/{len(cases)} comparisons passed" + ("" if args.keep else f" (files in {work})"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
