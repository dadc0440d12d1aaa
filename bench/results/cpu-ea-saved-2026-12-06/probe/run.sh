#!/usr/bin/env bash
# Per-pass wall-clock ms on the shared 2-thread pool, causal EA-p, B=1 L=4096 D=768: forward, training forward,
# backward, alternating an old checkout (5508394: causalForward twice, then the work-array causalBackward) with a
# new one (causalTrainingForward, then the saved-state causalBackward). Both checkouts built with
# `mvn -o -DskipTests package`. Usage: run.sh OLD_CHECKOUT NEW_CHECKOUT p [rounds]
set -euo pipefail
old="$1"; new="$2"; p="$3"; rounds="${4:-2}"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin"; here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
(cd "$work" && python3 "$here/gen.py")
for v in old new; do
  cp="$([ $v = old ] && echo "$old" || echo "$new")/target/classes"
  mkdir -p "$work/c-$v" && "$java/javac" --add-modules jdk.incubator.vector -cp "$cp" -d "$work/c-$v" "$work/$v/Probe4.java" 2>/dev/null
done
for r in $(seq "$rounds"); do
  "$java/java" --add-modules jdk.incubator.vector -cp "$old/target/classes:$work/c-old" probe.Probe4 "$p" 2>&1 | grep "^old"
  "$java/java" --add-modules jdk.incubator.vector -cp "$new/target/classes:$work/c-new" probe.Probe4 "$p" 2>&1 | grep "^new"
done
