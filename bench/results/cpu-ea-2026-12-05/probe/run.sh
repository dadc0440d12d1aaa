#!/usr/bin/env bash
# Single-thread CPU time per pass of the cpu EA-6 vector kernels, called directly (no dispatcher, no prefetch sweep),
# at the same element count (L*D = 4096*768) laid out with D = 8 (one block: contiguous rows, the compute floor),
# 64 and 768 (rows D floats apart, as in the model). Usage, from the repository root after `mvn -DskipTests package`:
#   taskset -c 0 bench/results/cpu-ea-2026-12-05/probe/run.sh 8 64 768
set -euo pipefail
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin"
here="$(cd "$(dirname "$0")" && pwd)"; out="$(mktemp -d)"; trap 'rm -rf "$out"' EXIT
mkdir -p "$out/src/dev/ea4j/backend/cpu/ea" && cp "$here"/*.java "$out/src/dev/ea4j/backend/cpu/ea/"
"$java/javac" --add-modules jdk.incubator.vector -cp target/classes -d "$out" "$out"/src/dev/ea4j/backend/cpu/ea/*.java 2>/dev/null
main="${PROBE:-PassCost}"   # PROBE=RegisterPressure: Reduce.vector6 against a 7-sum half and the exp alone, at one D
"$java/java" --add-modules jdk.incubator.vector -cp "target/classes:$out" "dev.ea4j.backend.cpu.ea.$main" "$@" 2>&1 | grep "D="
