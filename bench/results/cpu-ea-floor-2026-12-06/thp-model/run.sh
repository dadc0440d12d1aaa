#!/usr/bin/env bash
# Model-level training tokens/s (cpu preset, EA-2 and EA-6, L = 1024 and 4096) with and without transparent huge
# pages for the heap, alternating, ROUNDS rounds. Run from the repository root; keeps each run's results.jsonl.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; rounds="${1:-3}"
for round in $(seq "$rounds"); do
  for setting in default thp; do
    opts=""; [ "$setting" = thp ] && opts="-XX:+UseTransparentHugePages"
    out="$(mktemp -d)"
    EA4J_JAVA_OPTS="$opts" ./ea4j bench model --models EA-2,EA-6 --lengths 1024,4096 --skip-decode --no-torch \
      --no-history --no-progress --out "$out" > /dev/null 2>&1
    grep '"what": "train"' "$out/results.jsonl" > "$here/$setting-$round.jsonl"
    rm -rf "$out"
  done
done
