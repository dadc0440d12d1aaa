#!/usr/bin/env bash
# The core benchmark: every number the project promises, measured in ONE run on ONE machine, with the
# baselines beside them. Writes bench/results/core-<UTC date>.json and .md (raw outputs: bench/target/core-<date>/).
#
#   bench/run-core-bench.sh            full sizes: EA B=1 L=4096 D=768, matmul M=4096 N=K=768
#   bench/run-core-bench.sh --quick    tiny sizes, to check that every piece runs (numbers meaningless)
#
# Pieces: ea4j bench attention (EA-6 and EA-2 causal; each run also measures the parallel copy bandwidth),
# the paper's Figure 2 in PyTorch at the same shape (forward+backward), OpenBLAS SGEMM, JMH MatmulBenchmark and
# EaRecurrentBenchmark. A piece that fails is reported in the summary and makes the script exit 1; the
# others still run. Needs: JDK 25 + Maven (./ea4j builds the CLI jar), python3-torch for /usr/bin/python3
# (override with EA4J_PYTHON), gcc + libopenblas-dev. Stop other heavy work first: timings are only as quiet
# as the machine.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "run-core-bench: error: unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done

if [ "$quick" = 1 ]; then
  B=1 L=256 D=64 M=256 N=128 K=128 REPEATS=3 WARMUP=1 JMH="-f 1 -wi 1 -i 2 -w 200ms -r 200ms"
else
  B=1 L=4096 D=768 M=4096 N=768 K=768 REPEATS=40 WARMUP=10 JMH="-f 1 -wi 2 -i 3 -w 1s -r 1s"
fi
PY="${EA4J_PYTHON:-/usr/bin/python3}"
stamp="$(date -u +%Y-%m-%dT%H%M%SZ)"
raw="$root/bench/target/core-$stamp"
results="$root/bench/results"
mkdir -p "$raw" "$results"
: > "$raw/steps.tsv"

# step NAME CMD...: stdout -> $raw/NAME.out, stderr -> $raw/NAME.err, status -> steps.tsv
step() {
  local name="$1"; shift
  echo "run-core-bench: [$(date -u +%H:%M:%S)] $name: $*" >&2
  "$@" >"$raw/$name.out" 2>"$raw/$name.err"
  local rc=$?
  printf '%s\t%s\t%s\n' "$name" "$rc" "$*" >> "$raw/steps.tsv"
  if [ "$rc" -ne 0 ]; then
    echo "run-core-bench: FAILED $name (exit $rc); last lines of $raw/$name.err:" >&2
    { grep -E 'rror|xception|not found|missing' "$raw/$name.err" | grep -v -E '^[[:space:]]+at |WARNING' \
        || tail -n 5 "$raw/$name.err"; } | tail -n 4 | sed 's/^/    /' >&2
  fi
  return 0
}

build_jmh() {
  local jdk="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
  (cd bench && JAVA_HOME="$jdk" mvn -q -B -o package 2>/dev/null) || (cd bench && JAVA_HOME="$jdk" mvn -q -B package)
}

# jmh NAME REGEX [JMH ARGS]: one JMH run, results in $raw/jmh-NAME.json (separate runs: one failure hides nothing).
jmh() {
  local jdk="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
  [ -f bench/target/benchmarks.jar ] || { echo "bench/target/benchmarks.jar missing (JMH build failed)" >&2; return 3; }
  # shellcheck disable=SC2086
  "$jdk/bin/java" -jar bench/target/benchmarks.jar "$2" $JMH -foe true -rf json -rff "$raw/jmh-$1.json" ${3:-}
}

torch_ea() {
  [ -x "$PY" ] || { echo "$PY not found (apt-get install -y python3-torch, or set EA4J_PYTHON)" >&2; return 3; }
  "$PY" bench/python/ea_fig2_torch.py --order "$1" --causal --B "$B" --L "$L" --D "$D" \
    --warmup 2 --repeats "$([ "$quick" = 1 ] && echo 3 || echo 5)"
}

# ---- build ----------------------------------------------------------------------------------------------
step build_cli ./ea4j --version
step build_jmh build_jmh

# ---- measure (the order keeps the long JMH run last) ---------------------------------------------------
for p in 6 2; do
  step "ea${p}_causal" ./ea4j bench attention --order "$p" --causal --B "$B" --L "$L" --D "$D" \
    --warmup "$WARMUP" --repeats "$REPEATS" --strict --device cpu --json
done
for p in 6 2; do step "torch_fig2_ea${p}_causal" torch_ea "$p"; done
step sgemm_openblas bench/native/run-sgemm.sh "$M" "$N" "$K" 2 "$REPEATS"
if grep -q avx512f /proc/cpuinfo 2>/dev/null; then
  # Debian's DYNAMIC_ARCH OpenBLAS 0.3.21 picks its Haswell (AVX2) kernels on Zen 5; its AVX-512 ones are faster.
  step sgemm_openblas_skylakex env OPENBLAS_CORETYPE=SkylakeX bench/native/run-sgemm.sh "$M" "$N" "$K" 2 "$REPEATS"
fi
step jmh_matmul jmh matmul 'MatmulBenchmark' "-p M=$M -p N=$N -p K=$K"
step jmh_recurrent jmh recurrent 'EaRecurrentBenchmark'

# ---- summarise (stdlib-only Python; any python3 will do) -----------------------------------------------
sumpy="$PY"; [ -x "$sumpy" ] || sumpy="$(command -v python3)"
"$sumpy" bench/summarize_core.py "$raw" "$results" "$stamp" "$quick" "$B" "$L" "$D" "$M" "$N" "$K"
rc=$?
if awk -F'\t' '$2 != 0 {bad=1} END {exit !bad}' "$raw/steps.tsv"; then
  echo "run-core-bench: some pieces failed (see above and $raw); the summary lists them" >&2
  exit 1
fi
exit $rc
