#!/usr/bin/env bash
# Issue 11 item 1 on this machine: bench attention for the four EA forms (3 rounds, B=1 L=4096 D=768), the same
# element count with the channels contiguous (B=48 D=16), and the in-cache per-kernel probe (probe/Lat.java).
# Run from the repository root after `mvn -o -q -Dmaven.test.skip=true package`. Writes into this folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin"
out="$here/raw"; mkdir -p "$out"
bench() { ./ea4j bench attention --device cpu --no-check --repeats 9 --json "$@" 2>/dev/null; }
for round in 1 2 3; do
  for p in 6 2; do
    bench --order "$p" --causal > "$out/ea$p-causal-$round.json"
    bench --order "$p" > "$out/ea$p-$round.json"
    [ "$round" -le 2 ] && bench --order "$p" --causal --B 48 --D 16 > "$out/ea$p-causal-contiguous-$round.json"
  done
done
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$java/javac" --add-modules jdk.incubator.vector -cp target/classes -d "$work" "$here"/probe/*.java 2>/dev/null
for round in 1 2; do
  for p in 6 2; do
    "$java/java" --add-modules jdk.incubator.vector -cp "target/classes:$work" dev.ea4j.backend.cpu.ea.Lat "$p" 4096 2>/dev/null
  done
  "$java/java" --add-modules jdk.incubator.vector -cp "target/classes:$work" dev.ea4j.backend.cpu.ea.Lat2 2048 2>/dev/null
done > "$out/probe.txt"
