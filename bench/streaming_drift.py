#!/usr/bin/env python3
"""Does a streaming model's accuracy drift on long histories? (docs/streaming.md, Limitations)

Streams ETTh2's OT column through `ea4j stream` three ways: as one series fed from the first row (its state sums the
whole history), as short series that each start `WINDOW` rows before a test point (the state sees only the last WINDOW
events, like the training windows), and as the one long series again with `--restart-every RESTART` (two staggered
states; each forecast from one that has seen RESTART/2+1..RESTART events). Compares the forecasts' MAE at the same
test points, bucketed by how many events the long series had seen.
Usage: bench/streaming_drift.py MODEL_DIR OUT.json [WINDOW=24] [EVERY=50] [RESTART=WINDOW]
"""
import csv, glob, json, os, subprocess, sys, tempfile

model, out = sys.argv[1], sys.argv[2]
window = int(sys.argv[3]) if len(sys.argv) > 3 else 24
every = int(sys.argv[4]) if len(sys.argv) > 4 else 50
restart = int(sys.argv[5]) if len(sys.argv) > 5 else window
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
rows = list(csv.reader(open(os.path.join(root, "..", "shared", "data", "ETT-small", "ETTh2.csv"))))[1:]
ot = [float(r[7]) for r in rows]
tmp = tempfile.mkdtemp(prefix="ea4j-drift-")
os.makedirs(f"{tmp}/in")
os.makedirs(f"{tmp}/in-restart")
points = list(range(window, len(rows) - 12, every))
with open(f"{tmp}/in/long.csv", "w") as f:
    for r in rows:
        f.write(f"long,{r[0]},{r[7]}\n")
with open(f"{tmp}/in-restart/long.csv", "w") as f:
    for r in rows:
        f.write(f"restarted,{r[0]},{r[7]}\n")
with open(f"{tmp}/in/short.csv", "w") as f:
    for t in points:
        for i in range(t - window + 1, t + 1):
            f.write(f"w{t},{rows[i][0]},{rows[i][7]}\n")
subprocess.run([os.path.join(root, "ea4j"), "stream", "--model", model, "--input", f"{tmp}/in", "--out", f"{tmp}/out",
                "--parallelism", "2"], check=True)
subprocess.run([os.path.join(root, "ea4j"), "stream", "--model", model, "--input", f"{tmp}/in-restart", "--out",
                f"{tmp}/out-restart", "--parallelism", "2", "--restart-every", str(restart)], check=True)
time_index = {r[0]: i for i, r in enumerate(rows)}
long, short, restarted = {}, {}, {}
for p in glob.glob(f"{tmp}/out/forecasts/forecasts-*") + glob.glob(f"{tmp}/out-restart/forecasts/forecasts-*"):
    for line in open(p):
        o = json.loads(line)
        t = time_index[o["timestamp"]]
        f = [step[0] for step in o["forecast"]]
        if o["series"] == "long":
            long[t] = f
        elif o["series"] == "restarted":
            restarted[t] = f
        elif o["series"] == f"w{t}":  # the last event of series w{t}; w{t+EVERY} etc. also pass through t
            short[t] = f
H = len(next(iter(long.values())))
edges = [0, 100, 1000, 5000, 10000, len(rows)]
buckets = []
for lo, hi in zip(edges, edges[1:]):
    ts = [t for t in points if lo <= t < hi and t in short and t + H < len(rows)]
    if not ts:
        continue
    mae = lambda fc: sum(abs(fc[t][h] - ot[t + 1 + h]) for t in ts for h in range(H)) / (len(ts) * H)
    buckets.append({"history_events": f"{lo}-{hi}", "points": len(ts), "mae_whole_history": mae(long),
                    "mae_last_window": mae(short), "mae_restart_every": mae(restarted)})
    print(f"history {lo:>5}-{hi:<5} n={len(ts):4d}  MAE whole history {mae(long):7.3f}   last {window} events "
          f"{mae(short):7.3f}   --restart-every {restart} {mae(restarted):7.3f}")
json.dump({"model": model, "window": window, "every": every, "restart_every": restart, "horizon": H,
           "buckets": buckets}, open(out, "w"), indent=2)
