#!/usr/bin/env python3
"""Collects an `ea4j train` run folder into bench/results/training files.

    collect_runs.py RUN_DIR OUT_PREFIX

writes OUT_PREFIX.md (the run's results.md), OUT_PREFIX.json (its results.json) and OUT_PREFIX-runs.json: the
experiment file and, per model and seed, the test metrics, the best epoch, the epochs run, the wall time and the
validation metrics at the best epoch (from metrics.jsonl).
"""
import json
import shutil
import sys
from pathlib import Path


def seed_runs(run_dir: Path, models):
    out = []
    for model in models:
        for seed_dir in sorted((run_dir / model).glob("seed-*"), key=lambda p: int(p.name.split("-")[1])):
            result = json.loads((seed_dir / "result.json").read_text())
            rows = [json.loads(line) for line in (seed_dir / "metrics.jsonl").read_text().splitlines() if line.strip()]
            best = next((r for r in rows if r.get("epoch") == result["bestEpoch"]), {})
            out.append({
                "model": model,
                "seed": int(seed_dir.name.split("-")[1]),
                "test": result["test"],
                "best_epoch": result["bestEpoch"],
                "epochs_run": result["epochsRun"],
                "seconds": round(result["seconds"], 1),
                "validation_at_best": {k: v for k, v in best.items() if k.startswith("val_")},
            })
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    run_dir, prefix = Path(sys.argv[1]), sys.argv[2]
    experiment = json.loads((run_dir / "experiment.json").read_text())
    for name, suffix in (("results.md", ".md"), ("results.json", ".json")):
        shutil.copyfile(run_dir / name, prefix + suffix)
    runs = {"experiment": experiment, "runs": seed_runs(run_dir, experiment["spec"]["models"])}
    Path(prefix + "-runs.json").write_text(json.dumps(runs, indent=1) + "\n")


if __name__ == "__main__":
    main()
