#!/usr/bin/env python3
"""Writes a synthetic series with ETTh2.csv's columns and length (17,420 hourly rows from 2016-07-01): daily and
weekly cycles plus seeded noise. For stream/cluster-smoke.sh where the real dataset is not present.
Usage: synthetic-ett.py OUT.csv"""
import datetime, math, random, sys

rnd = random.Random(7)
start = datetime.datetime(2016, 7, 1)
cols = ["HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT"]
with open(sys.argv[1], "w") as f:
    f.write("date," + ",".join(cols) + "\n")
    for t in range(17420):
        base = 30 + 10 * math.sin(2 * math.pi * t / 24) + 5 * math.sin(2 * math.pi * t / 168)
        values = [base * (0.5 + 0.1 * i) + rnd.gauss(0, 1) for i in range(len(cols))]
        f.write((start + datetime.timedelta(hours=t)).strftime("%Y-%m-%d %H:%M:%S") + ","
                + ",".join(f"{v:.6f}" for v in values) + "\n")
