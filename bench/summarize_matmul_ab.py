#!/usr/bin/env python3
"""Per-shape medians of bench/ab-matmul.sh's runs (A-*.txt, B-*.txt in OUT): GFLOP/s of A and B, OpenBLAS on
all threads, the median per-run ratio to OpenBLAS of each, and B/A; then per layout the median and worst ratio."""
import glob
import statistics as st
import sys


def load(out, tag):
    runs = []
    for f in sorted(glob.glob(f"{out}/{tag}-*.txt")):
        rows = {}
        for line in open(f):
            p = line.split()
            if len(p) >= 9 and p[0].startswith("matmul"):
                try:
                    key = (p[0], int(p[-7]), int(p[-6]), int(p[-5]))
                    rows[key] = (float(p[-4]), float(p[-2]), float(p[-1]))
                except ValueError:
                    continue
        runs.append(rows)
    return runs


def main(out):
    a, b = load(out, "A"), load(out, "B")
    if not a or not b:
        sys.exit(f"summarize_matmul_ab: no A-*.txt and B-*.txt tables in {out}")
    print(f"{'layout':17} {'M':>5} {'N':>5} {'K':>5}   A GF/s  B GF/s  blas 2t  ratio A  ratio B   B/A")
    per = {}
    for k in a[0]:
        ga, gb = st.median(r[k][0] for r in a), st.median(r[k][0] for r in b)
        ra, rb = st.median(r[k][2] for r in a), st.median(r[k][2] for r in b)
        blas = st.median([r[k][1] for r in a] + [r[k][1] for r in b])
        per.setdefault(k[0], []).append((ra, rb))
        print(f"{k[0]:17} {k[1]:5} {k[2]:5} {k[3]:5}  {ga:7.1f} {gb:7.1f} {blas:8.1f}  {ra:7.3f}  {rb:7.3f}  {gb / ga:.2f}x")
    for v, l in per.items():
        print(f"{v:17} median ratio A {st.median(x[0] for x in l):.3f}, B {st.median(x[1] for x in l):.3f};"
              f" worst A {min(x[0] for x in l):.3f}, B {min(x[1] for x in l):.3f}")
    print(f"medians over {len(a)} alternating runs of each; ratio = ea4j / OpenBLAS on all threads, timed right after"
          " ea4j at each shape")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: summarize_matmul_ab.py OUT")
    main(sys.argv[1])
