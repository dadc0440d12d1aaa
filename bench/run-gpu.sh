#!/usr/bin/env bash
# The GPU run of issues 3 and 5 in ONE device call: the conformance suite on the GPU's OpenCL device, the EA
# benchmarks against the same-run copy bandwidth, PyTorch baselines on the same GPU (the paper's Figure 2 code,
# scaled_dot_product_attention in bf16, fp32 matmul with TF32 off), the JMH matmul on the GPU, and the model study
# (`ea4j bench model --preset gpu`). Everything lands in $OUT (or bench/target/gpu-<date>) for bench/results/.
#
# On the build machine:  mvn -q -B -DskipTests package && (cd bench && mvn -q -B package)
#                        MODULES=java.desktop ../shared/device/make-bundle.sh        # writes .gpu/ (XChart needs java.desktop)
# Device call:           bash bench/run-gpu.sh            (carry: [".gpu"]; about 10 minutes on an H100)
#                        bash bench/run-gpu.sh --quick    (tiny sizes, to check that every piece runs)
# Locally (no GPU):      EA4J_GPU_DEVICE=opencl:0 EA4J_TORCH_DEVICE=cpu bash bench/run-gpu.sh --quick
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
quick=0; [ "${1:-}" = "--quick" ] && quick=1
out="${OUT:-$root/bench/target/gpu-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
if [ -f .gpu/gpu-env.sh ]; then source .gpu/gpu-env.sh; else export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"; fi
JAVA="$JAVA_HOME/bin/java"
CP="${EA4J_CP:-$root/target/ea4j.jar}"
ea4j() { "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true \
           -cp "$CP" dev.ea4j.cli.Main "$@"; }
PY="${EA4J_PYTHON:-python3}"
TDEV="${EA4J_TORCH_DEVICE:-cuda}"
if [ "$quick" = 1 ]; then B=1 L=256 D=64 M=256 N=128 K=128 R=3 H=4; else B=8 L=4096 D=768 M=4096 N=768 K=768 R=20 H=12; fi

step() { # step NAME CMD...: stdout -> NAME.out, stderr -> NAME.err, exit status -> steps.tsv
  local name="$1"; shift
  echo "run-gpu: [$(date -u +%H:%M:%S)] $name" >&2
  "$@" > "$out/$name.out" 2> "$out/$name.err"; printf '%s\t%s\n' "$name" "$?" >> "$out/steps.tsv"
}

{ date -u; uname -a; nvidia-smi 2>/dev/null || echo "no nvidia-smi"; } > "$out/machine.txt"
step devices ea4j devices
# the GPU's OpenCL device: the first device whose name or platform says NVIDIA (else EA4J_GPU_DEVICE, else opencl:0)
dev="${EA4J_GPU_DEVICE:-$(awk '/^ *\*? *opencl:[0-9]+/ {id=$1=="*"?$2:$1; name=$0} /NVIDIA/ && id {print id; exit}' "$out/devices.out")}"
dev="${dev:-opencl:0}"
echo "run-gpu: GPU device $dev" >&2
step verify ea4j verify --device "$dev" --strict
for p in 6 2; do
  step "ea${p}_causal" ea4j bench attention --order "$p" --causal --B "$B" --L "$L" --D "$D" --repeats "$R" --device "$dev" --strict --json
  step "ea${p}_noncausal" ea4j bench attention --order "$p" --B "$B" --L "$L" --D "$D" --repeats "$R" --device "$dev" --strict --json
  step "torch_fig2_ea${p}" "$PY" bench/python/ea_fig2_torch.py --device "$TDEV" --order "$p" --causal --B "$B" --L "$L" --D "$D"
done
step torch_sdpa_bf16 "$PY" bench/python/ea_fig2_torch.py --sdpa --device "$TDEV" --dtype "$([ "$TDEV" = cuda ] && echo bf16 || echo fp32)" --heads "$H" --B "$B" --L "$L" --D "$D"
step torch_matmul_fp32 "$PY" bench/python/ea_fig2_torch.py --matmul --device "$TDEV" --M "$M" --N "$N" --K "$K"
if [ -f bench/target/benchmarks.jar ] || ls .gpu/lib/benchmarks.jar >/dev/null 2>&1; then
  jar="$(ls .gpu/lib/benchmarks.jar 2>/dev/null || echo bench/target/benchmarks.jar)"
  step jmh_matmul "$JAVA" -jar "$jar" MatmulBenchmark -p M="$M" -p N="$N" -p K="$K" -f 1 -wi 2 -i 3 -w 1s -r 1s \
    -jvmArgsAppend "--add-modules jdk.incubator.vector -Dea4j.bench.device=$dev" -rf json -rff "$out/jmh_matmul.json"
  step jmh_recurrent "$JAVA" -jar "$jar" EaRecurrentBenchmark -p B=64 -p p=6 -f 1 -wi 2 -i 3 -w 1s -r 1s \
    -jvmArgsAppend "--add-modules jdk.incubator.vector -Dea4j.bench.device=$dev" -rf json -rff "$out/jmh_recurrent.json"
fi
if [ "$quick" = 1 ]; then
  step model ea4j bench model --preset cpu --device "$dev" --lengths 128,256 --bsl-batches 1,2 --decode-lengths 128,256 --decode-batches 1 --out "$out/model" --no-history --no-progress
else
  step model ea4j bench model --preset gpu --device "$dev" --out "$out/model" --no-history --no-progress --max-step-seconds 20
fi
echo "run-gpu: done; results in $out (steps and exit codes: steps.tsv)" >&2
cat "$out/steps.tsv" >&2
