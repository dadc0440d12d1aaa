#!/usr/bin/env bash
# The streaming benchmark (docs/streaming.md): the Flink job's events/s and state bytes per key for EA-6, EA-2 and SA
# streaming models against a pass-through job, 1k and 100k keys replayed from ETTh2/ETTm2, parallelism 1 and 2, plus a
# long stream (100 keys x 500 events). Writes bench/results/streaming/streaming.{json,png}. About 15 minutes, niced.
# Usage: bench/run-streaming.sh [RUN_DIR]   (RUN_DIR/{EA-6,EA-2,SA}/seed-1/best; trained for 1 epoch when absent:
# throughput and state size do not depend on the weights)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
runs="${1:-$root/stream/target/bench-models}"
work="$root/stream/target/bench-work"
if [ ! -d "$runs/SA/seed-1/best" ]; then
  (cd "$root" && nice ./ea4j train --task etth2 --model EA-6,EA-2,SA --seeds 1 --streaming --epochs 1 --length 24 \
     --data-dir "$root/../shared/data" --run-dir "$runs" --no-progress)
fi
(cd "$root" && mvn -q -B -DskipTests -f stream/pom.xml package)
rm -rf "$work"
nice "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -Xmx8g -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$root/stream/target/ea4j-stream.jar:$root/stream/target/lib/*" \
  dev.ea4j.flink.bench.StreamBench "$runs" "$root/../shared/data" "$root/bench/results/streaming" "$work" 3
rm -rf "$work"
