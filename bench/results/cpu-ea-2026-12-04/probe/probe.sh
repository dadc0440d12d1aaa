#!/usr/bin/env bash
# CPU and wall time per call of the cpu EA twins, called directly (no task graph), 2 pool threads.
# Usage, from the repository root after `mvn -DskipTests package`:
#   BEFORE_JAR=/path/to/ea4j-be0ad48.jar bench/results/cpu-ea-2026-12-04/probe/probe.sh old|new L p c|n reps
# old: CpuEaSeries of commit be0ad48 (ProbeOld); new: backend/cpu/ea.CpuEa of this branch (Probe).
set -euo pipefail
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin"
here="$(cd "$(dirname "$0")" && pwd)"; out="$(mktemp -d)"; trap 'rm -rf "$out"' EXIT
opts=(--add-modules jdk.incubator.vector)
if [ "$1" = old ]; then
  mkdir -p "$out/src/dev/ea4j/backend/cpu" && cp "$here/ProbeOld.java" "$out/src/dev/ea4j/backend/cpu/"
  "$java/javac" "${opts[@]}" -cp "$BEFORE_JAR" -d "$out" "$out/src/dev/ea4j/backend/cpu/ProbeOld.java" 2>/dev/null
  "$java/java" "${opts[@]}" -cp "$BEFORE_JAR:$out" dev.ea4j.backend.cpu.ProbeOld "$2" "$3" "$4" "$5" 2>&1 | grep p=
else
  mkdir -p "$out/src/dev/ea4j/backend/cpu/ea" && cp "$here/Probe.java" "$out/src/dev/ea4j/backend/cpu/ea/"
  "$java/javac" "${opts[@]}" -cp target/classes -d "$out" "$out/src/dev/ea4j/backend/cpu/ea/Probe.java" 2>/dev/null
  "$java/java" "${opts[@]}" -cp "target/classes:$out" dev.ea4j.backend.cpu.ea.Probe "$2" "$3" "$4" "$5" 2>&1 | grep p=
fi
