#!/usr/bin/env bash
# Cluster smoke test: starts a standalone Flink session cluster (one JobManager, one TaskManager) on loopback from the
# Flink jars in stream/target/lib (no Flink distribution needed), submits stream/target/ea4j-stream-job.jar with the
# Flink CLI ('flink run', i.e. CliFrontend), checks its forecasts equal an embedded run's, and shuts the cluster down.
# Needs: JDK 25 (JAVA_HOME), Maven (builds stream/ when needed), curl, python3. A model is trained on ../shared/data's
# ETTh2 (or, where that is missing, on a synthetic series of ETTh2's shape) unless EA4J_SMOKE_MODEL names a streaming
# model folder. Exit 0 when the outputs agree.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
work="$here/target/smoke"
rm -rf "$work"; mkdir -p "$work/conf" "$work/in" "$work/log"

if [ ! -f "$here/target/ea4j-stream-job.jar" ] || [ ! -d "$here/target/lib" ]; then
  (cd "$root" && mvn -q -B -DskipTests -f stream/pom.xml package)
fi
cp="$here/target/lib/*"
jvm=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
     -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
# the module openings Flink's own start scripts pass (env.java.default-opts.all)
for pkg in java.lang java.lang.reflect java.util java.util.concurrent java.util.concurrent.atomic java.net java.io \
           java.nio java.time java.text sun.nio.ch; do
  jvm+=(--add-opens "java.base/$pkg=ALL-UNNAMED")
done

# a streaming model (1 epoch on ETTh2) and 3 series x 100 events of ETTh2's OT column
data="$root/../shared/data"
if [ ! -f "$data/ETT-small/ETTh2.csv" ]; then
  data="$work/data"
  echo "cluster-smoke: no $root/../shared/data/ETT-small/ETTh2.csv; using a synthetic series of its shape in $data"
  mkdir -p "$data/ETT-small"
  python3 "$here/synthetic-ett.py" "$data/ETT-small/ETTh2.csv"
fi
model="${EA4J_SMOKE_MODEL:-}"
if [ -z "$model" ]; then
  echo "cluster-smoke: training a small streaming model (1 epoch) ..."
  (cd "$root" && ./ea4j train --task etth2 --model EA-2 --seeds 1 --streaming --epochs 1 --length 24 \
     --data-dir "$data" --run-dir "$work/run" --no-progress >"$work/log/train.log" 2>&1) \
     || { cat "$work/log/train.log"; exit 1; }
  model="$work/run/EA-2/seed-1/best"
fi
csv="$data/ETT-small/ETTh2.csv"
{ echo "series,timestamp,OT"
  awk -F, 'NR>1 && NR<=101 {print "a," $1 "," $8} NR>1001 && NR<=1101 {print "b," $1 "," $8} NR>5001 && NR<=5101 {print "c," $1 "," $8}' "$csv"
} > "$work/in/events.csv"

# free loopback ports for the JobManager's RPC and REST endpoints
command -v curl >/dev/null || { echo "cluster-smoke: needs curl (to poll the JobManager's REST endpoint)"; exit 1; }
port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }   # nothing listens there
  done
}
rpc=$(port); rest=$(port)
cat > "$work/conf/config.yaml" <<CONF
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: 1024m
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: 2
# what Flink's start scripts would compute and pass as dynamic properties
taskmanager.cpu.cores: 2
taskmanager.memory.framework.heap.size: 128m
taskmanager.memory.task.heap.size: 384m
taskmanager.memory.managed.size: 128m
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.task.off-heap.size: 0m
taskmanager.memory.network.min: 64m
taskmanager.memory.network.max: 64m
taskmanager.memory.jvm-metaspace.size: 256m
taskmanager.memory.jvm-overhead.min: 192m
taskmanager.memory.jvm-overhead.max: 192m
parallelism.default: 2
CONF

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
"$java" "${jvm[@]}" -Xmx512m -cp "$cp" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
  --configDir "$work/conf" >"$work/log/jobmanager.log" 2>&1 & pids+=($!)
"$java" "${jvm[@]}" -Xmx768m -cp "$cp" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
  --configDir "$work/conf" >"$work/log/taskmanager.log" 2>&1 & pids+=($!)

# wait until the TaskManager has registered its slots (REST /overview)
for i in $(seq 1 90); do
  if curl -sf "http://127.0.0.1:$rest/overview" 2>/dev/null | grep -q '"slots-total":2'; then break; fi
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || i=90; done
  [ "$i" = 90 ] && { echo "cluster-smoke: cluster did not come up"; tail -n 20 "$work/log/"*.log; exit 1; }
  sleep 1
done
echo "cluster-smoke: cluster up (REST 127.0.0.1:$rest); submitting the job jar with 'flink run'"

FLINK_CONF_DIR="$work/conf" "$java" "${jvm[@]}" -cp "$cp" org.apache.flink.client.cli.CliFrontend run \
  "$here/target/ea4j-stream-job.jar" --model "$model" --input "$work/in" --out "$work/cluster" --checkpoint-interval 500 \
  >"$work/log/submit.log" 2>&1 || { echo "cluster-smoke: flink run failed"; tail -30 "$work/log/submit.log"; exit 1; }

echo "cluster-smoke: embedded run of the same job"
"$java" "${jvm[@]}" -cp "$here/target/ea4j-stream.jar:$cp" dev.ea4j.flink.StreamMain --model "$model" \
  --input "$work/in" --out "$work/embedded" --parallelism 2 --checkpoint-interval 500 >"$work/log/embedded.log" 2>&1 \
  || { echo "cluster-smoke: embedded run failed"; tail -30 "$work/log/embedded.log"; exit 1; }

sorted() { find "$1" -maxdepth 1 -type f ! -name '.*' -exec cat {} + | sort; }
n=$(sorted "$work/cluster/forecasts" | wc -l)
if [ "$n" != 300 ]; then echo "cluster-smoke: expected 300 forecasts from the cluster, got $n"; exit 1; fi
if ! diff <(sorted "$work/cluster/forecasts") <(sorted "$work/embedded/forecasts") >/dev/null; then
  echo "cluster-smoke: the cluster's forecasts differ from the embedded run's"; exit 1
fi
echo "cluster-smoke: ok: $n forecasts from the cluster equal the embedded run's"

# agreement with the trained model: series a's last forecast equals 'ea4j forecast' on the same 100 rows
head -n 101 "$csv" > "$work/history-a.csv"
last="$(awk -F, 'NR==101 {print $1}' "$csv")"
(cd "$root" && ./ea4j forecast --model "$model" --input "$work/history-a.csv" --device java --out "$work/forecast-a.csv" \
   >"$work/log/forecast.log" 2>&1) || { echo "cluster-smoke: ea4j forecast failed"; tail -5 "$work/log/forecast.log"; exit 1; }
grep -h "\"series\":\"a\",\"timestamp\":\"$last\"" "$work"/cluster/forecasts/forecasts-* \
  | sed 's/.*"forecast":\[\[//; s/\]\]}$//; s/\],\[/\n/g' | cut -d, -f1 > "$work/streamed-a.txt"
tail -n +2 "$work/forecast-a.csv" | cut -d, -f2 > "$work/forecast-a.txt"
if ! paste -d' ' "$work/streamed-a.txt" "$work/forecast-a.txt" | awk 'NF != 2 {bad=1} {d=$1-$2; if (d<0) d=-d; if (d>1e-5) bad=1}
     END {exit (bad || NR == 0)}'; then
  echo "cluster-smoke: series a's streamed forecast differs from 'ea4j forecast':"; paste "$work/streamed-a.txt" "$work/forecast-a.txt"; exit 1
fi
echo "cluster-smoke: ok: series a's last forecast equals 'ea4j forecast' on its history ($(wc -l < "$work/forecast-a.txt") steps)"
