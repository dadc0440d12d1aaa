#!/usr/bin/env bash
# Every GPU measurement in ONE device call, most important first, each step under its own time limit, results
# into $OUT (or bench/target/gpu-<date>) for bench/results/:
#   tornado    TornadoVM on the GPU (issue 9): conformance through its OpenCL driver (whole suite) and its PTX
#              driver (EA kernels), `bench attention` EA-6 causal B=1 L=4096 D=768 on TornadoVM OpenCL, TornadoVM
#              PTX, ea4j's hand-written OpenCL and the host's cpu backend, PyTorch's Figure 2 code and SDPA at the
#              same shape, float[] against FloatArray
#   opencl     ea4j's hand-written OpenCL (issues 3, 5): EA-6/EA-2 at B=8 L=4096 D=768 against PyTorch Figure 2 and
#              SDPA (bf16), fp32 matmul, the conformance suite, JMH matmul and recurrent step
#   model      `ea4j bench model --preset gpu` (issue 5)
#
# Build machine:  tornado-config/install-tornadovm.sh && mvn -q -B -DskipTests package && bench/make-gpu-bundle.sh
# Device call:    bash bench/run-gpu.sh [--steps tornado,opencl,model] [--quick]    (carry: [".gpu"]; results come
#                 back as one file, $OUT/gpu-results.tgz)
# Locally:        EA4J_TORCH_DEVICE=cpu bash bench/run-gpu.sh --quick     (PoCL stands in for the GPU)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
quick=0 steps="tornado,opencl,model"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --steps) steps="$2"; shift 2 ;;
    *) echo "run-gpu: unknown option $1" >&2; exit 2 ;;
  esac
done
# results go to a folder of their own; under the device tool ($OUT set), packed into $OUT/gpu-results.tgz at the end,
# because the tool returns only a handful of files
out="$root/bench/target/gpu-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
if [ -f .gpu/ea4j-gpu.tar.xz ]; then source bench/gpu-env.sh
else export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
     [ -f tornado-config/tornado.argfile ] && export EA4J_TORNADO_ARGFILE="$root/tornado-config/tornado.argfile"; fi
JAVA="$JAVA_HOME/bin/java"
CP="${EA4J_CP:-$root/target/ea4j.jar}"
tornado_flag=""; [ -n "${EA4J_TORNADO_ARGFILE:-}" ] && tornado_flag="@$EA4J_TORNADO_ARGFILE"
# a launcher on PATH (not a shell function: `timeout` runs commands, not functions)
mkdir -p "$out/.bin"
printf '#!/usr/bin/env bash\nexec "%s" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true -Xmx%s %s -cp "%s" dev.ea4j.cli.Main "$@"\n' \
  "$JAVA" "${EA4J_HEAP:-24g}" "$tornado_flag" "$CP" > "$out/.bin/ea4j"
chmod +x "$out/.bin/ea4j"; export PATH="$out/.bin:$PATH"
PY="${EA4J_PYTHON:-python3}"
TDEV="${EA4J_TORCH_DEVICE:-cuda}"
if [ "$quick" = 1 ]; then L=256 D=64 B8=2 M=256 N=128 K=128 R=3 H=4; else L=4096 D=768 B8=8 M=4096 N=768 K=768 R=20 H=12; fi

step() { # step NAME SECONDS CMD...: stdout -> NAME.out, stderr -> NAME.err, exit status and seconds -> steps.tsv
  local name="$1" limit="$2"; shift 2
  local t0=$SECONDS
  echo "run-gpu: [$(date -u +%H:%M:%S)] $name" >&2
  timeout -k 5 "$limit" "$@" > "$out/$name.out" 2> "$out/$name.err"
  printf '%s\t%s\t%ss\n' "$name" "$?" "$((SECONDS - t0))" >> "$out/steps.tsv"
}
wants() { [[ ",$steps," == *",$1,"* ]]; }
# the id of the first device of `ea4j devices` whose details line matches $1 and whose name matches $2
device_id() { awk -v want="$1" -v name="$2" '/^ *\*? *[a-z]+:[0-9]+ / {id=($1=="*")?$2:$1; n=$0; next}
  id && $0 ~ want && n ~ name {print id; exit}' "$out/devices.out"; }

{ date -u; uname -a; nvidia-smi 2>/dev/null || echo "no nvidia-smi"; git -C "$root" rev-parse HEAD 2>/dev/null; } > "$out/machine.txt"
step devices 120 ea4j devices
gpu="${EA4J_GPU_NAME:-NVIDIA}"   # without one (a local --quick run), the first device of each kind stands in
first() { local id; id="$(device_id "$1" "$gpu")"; [ -n "$id" ] || id="$(device_id "$1" '.')"; echo "$id"; }
ocl="$(grep -o '^ *\*\? *opencl:[0-9]* *.*' "$out/devices.out" | grep -m1 "$gpu" | grep -o 'opencl:[0-9]*')"
ocl="${ocl:-$(grep -o 'opencl:[0-9]*' "$out/devices.out" | head -1)}"
tocl="$(first 'TornadoVM OpenCL driver')"
tptx="$(first 'TornadoVM PTX driver')"
printf 'opencl=%s tornado_opencl=%s tornado_ptx=%s\n' "$ocl" "$tocl" "$tptx" | tee "$out/device-ids.txt" >&2

bench_attention() { # bench_attention NAME DEVICE B ORDER [--causal]
  local name="$1" dev="$2" b="$3" p="$4"; shift 4
  step "$name" 150 ea4j bench attention --order "$p" "$@" --B "$b" --L "$L" --D "$D" --repeats "$R" --device "$dev" --strict --json
}

if wants tornado; then
  [ -n "$tocl" ] && step verify_tornado_opencl 240 ea4j verify --device "$tocl" --strict
  [ -n "$tptx" ] && step verify_tornado_ptx 120 ea4j verify --device "$tptx" --strict --only EaSeriesKernels,EaRecurrentKernels,DenseKernels.matmul
  [ -n "$tocl" ] && bench_attention tornado_opencl_ea6_causal "$tocl" 1 6 --causal
  [ -n "$tptx" ] && bench_attention tornado_ptx_ea6_causal "$tptx" 1 6 --causal
  [ -n "$ocl" ] && bench_attention opencl_ea6_causal "$ocl" 1 6 --causal
  bench_attention cpu_ea6_causal cpu 1 6 --causal
  step torch_fig2_ea6_causal 120 "$PY" bench/python/ea_fig2_torch.py --device "$TDEV" --order 6 --causal --B 1 --L "$L" --D "$D"
  step torch_sdpa_bf16 120 "$PY" bench/python/ea_fig2_torch.py --sdpa --device "$TDEV" \
    --dtype "$([ "$TDEV" = cuda ] && echo bf16 || echo fp32)" --heads "$H" --B 1 --L "$L" --D "$D"
  [ -n "$tocl" ] && step tornado_arrays_opencl 90 ea4j bench tornado-arrays --device "$tocl" --json
  [ -n "$tptx" ] && step tornado_arrays_ptx 90 ea4j bench tornado-arrays --device "$tptx" --json
fi

if wants opencl && [ -n "$ocl" ]; then
  for p in 6 2; do
    bench_attention "opencl_ea${p}_causal_B${B8}" "$ocl" "$B8" "$p" --causal
    step "torch_fig2_ea${p}_B${B8}" 150 "$PY" bench/python/ea_fig2_torch.py --device "$TDEV" --order "$p" --causal --B "$B8" --L "$L" --D "$D"
  done
  step "torch_sdpa_bf16_B${B8}" 120 "$PY" bench/python/ea_fig2_torch.py --sdpa --device "$TDEV" \
    --dtype "$([ "$TDEV" = cuda ] && echo bf16 || echo fp32)" --heads "$H" --B "$B8" --L "$L" --D "$D"
  step torch_matmul_fp32 120 "$PY" bench/python/ea_fig2_torch.py --matmul --device "$TDEV" --M "$M" --N "$N" --K "$K"
  step verify_opencl 240 ea4j verify --device "$ocl" --strict
  if [ -f bench/target/benchmarks.jar ]; then
    step jmh_matmul 240 "$JAVA" -jar bench/target/benchmarks.jar MatmulBenchmark -p M="$M" -p N="$N" -p K="$K" -f 1 -wi 2 -i 3 -w 1s -r 1s \
      -jvmArgsAppend "--add-modules jdk.incubator.vector -Dea4j.bench.device=$ocl" -rf json -rff "$out/jmh_matmul.json"
    step jmh_recurrent 240 "$JAVA" -jar bench/target/benchmarks.jar EaRecurrentBenchmark -p B=64 -p p=6 -f 1 -wi 2 -i 3 -w 1s -r 1s \
      -jvmArgsAppend "--add-modules jdk.incubator.vector -Dea4j.bench.device=$ocl" -rf json -rff "$out/jmh_recurrent.json"
  fi
fi

if wants model && [ -n "$ocl" ]; then
  if [ "$quick" = 1 ]; then
    step model 300 ea4j bench model --preset cpu --device "$ocl" --lengths 128,256 --bsl-batches 1,2 --decode-lengths 128,256 --decode-batches 1 --out "$out/model" --no-history --no-progress
  else
    step model 600 ea4j bench model --preset gpu --device "$ocl" --out "$out/model" --no-history --no-progress --max-step-seconds 20
  fi
fi
echo "run-gpu: done; results in $out (steps, exit codes and seconds: steps.tsv)" >&2
cat "$out/steps.tsv" >&2
if [ -n "${OUT:-}" ]; then tar -czf "$OUT/gpu-results.tgz" -C "$out" --exclude .bin . && echo "run-gpu: packed into $OUT/gpu-results.tgz" >&2; fi
