#!/usr/bin/env python3
"""Table of raw/*.txt (ab.sh output): per config and side, medians over rounds of the bench's own medians."""
import glob, re, statistics, sys, os
d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), 'raw')
rows = {}
for f in sorted(glob.glob(os.path.join(d, '*.txt'))):
    side, cfg = re.match(r'(before|after)-(.*)-r\d+\.txt', os.path.basename(f)).groups()
    t = open(f).read()
    num = lambda pat: float(re.search(pat, t, re.M).group(1))
    fwd, fb = num(r'^forward\s+([\d.]+) ms'), num(r'^forward\+backward\s+([\d.]+) ms')
    copy = num(r'^copy GB/s, 512 MiB\s+([\d.]+)')
    load = float(re.search(r'load average: ([\d.]+)', t).group(1))
    el = 4096 * 768
    rows.setdefault((cfg, side), []).append((fwd, fb, copy, 16 * el / fwd / 1e6 / copy, 28 * el / fb / 1e6 / copy, load))
print('| config | side | runs | load (1 min) | forward ms | fwd+bwd ms | copy GB/s | forward / roofline | fwd+bwd / roofline (28 B) |')
print('|---|---|---|---|---|---|---|---|---|')
for (cfg, side), v in sorted(rows.items(), key=lambda x: (x[0][0], x[0][1] != 'before')):
    med = lambda i: statistics.median(r[i] for r in v)
    print(f'| {cfg} | {side} | {len(v)} | {min(r[5] for r in v):.1f}-{max(r[5] for r in v):.1f} | {med(0):.2f} | {med(1):.2f} | {med(2):.1f} | {med(3):.3f} | {med(4):.3f} |')
