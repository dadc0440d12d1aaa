#!/usr/bin/env bash
# A/B: `ea4j bench attention` (cpu, B=1 L=4096 D=768) with two jars, alternated per round so both see the same
# machine load. Usage: ab.sh BEFORE_JAR AFTER_JAR OUTDIR ROUNDS
set -euo pipefail
before="$1"; after="$2"; out="$3"; rounds="${4:-3}"; mkdir -p "$out"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
for r in $(seq 1 "$rounds"); do
  for p in 6 2; do
    for c in --causal ""; do
      for side in before after; do
        jar="$before"; [ "$side" = after ] && jar="$after"
        f="$out/${side}-ea${p}${c:+-causal}-r$r.txt"
        uptime > "$f"
        "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar "$jar" \
          bench attention --device cpu --order "$p" $c --repeats 15 >> "$f" 2>&1
      done
    done
  done
done
