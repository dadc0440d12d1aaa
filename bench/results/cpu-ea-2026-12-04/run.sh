#!/usr/bin/env bash
# EA-6 / EA-2, causal and not, B=1 L=4096 D=768 on cpu: forward, forward+backward and the copy roofline of each run.
# Usage: bench/results/cpu-ea-2026-12-04/run.sh OUTDIR   (from the repository root)
set -euo pipefail
out="$1"; mkdir -p "$out"
for p in 6 2; do
  for c in --causal ""; do
    name="ea${p}${c:+-causal}"
    uptime > "$out/$name.txt"
    ./ea4j bench attention --device cpu --order "$p" $c --repeats 15 >> "$out/$name.txt" 2>&1
  done
done
