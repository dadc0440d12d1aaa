"""Summarises thp-model/run.sh: training tokens/s per model and L, each round, default against THP."""
import glob, json, os, statistics
here = os.path.dirname(os.path.abspath(__file__))
runs = {}
for f in sorted(glob.glob(os.path.join(here, "*-[0-9]*.jsonl"))):
    setting = os.path.basename(f).split("-")[0]
    for line in open(f):
        r = json.loads(line)
        runs.setdefault((r["model"], r["L"]), {}).setdefault(setting, []).append(r["tokens_per_s"])
for (model, L), s in sorted(runs.items()):
    d, t = s["default"], s["thp"]
    print(f"{model} L={L}: default {' '.join(f'{x/1e3:.1f}k' for x in d)}  thp {' '.join(f'{x/1e3:.1f}k' for x in t)}"
          f"  thp/default medians {statistics.median(t) / statistics.median(d):.2f}x")
