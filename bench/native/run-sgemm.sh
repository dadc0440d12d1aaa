#!/usr/bin/env bash
# Builds and runs the OpenBLAS SGEMM baseline (bench/native/sgemm_openblas.c) with one thread per core.
# Usage: bench/native/run-sgemm.sh [M N K [warmup repeats]]     -> one JSON object on stdout
# Needs gcc and Debian's libopenblas-dev (apt-get install -y gcc libopenblas-dev).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../target/native"
mkdir -p "$out"
if ! command -v gcc >/dev/null; then
  echo "run-sgemm: error: gcc not found (apt-get install -y gcc libopenblas-dev)" >&2; exit 3
fi
if [ ! -e /usr/include/x86_64-linux-gnu/cblas.h ] && [ ! -e /usr/include/cblas.h ] && ! ls /usr/include/*/cblas.h >/dev/null 2>&1; then
  echo "run-sgemm: error: cblas.h not found (apt-get install -y libopenblas-dev)" >&2; exit 3
fi
bin="$out/sgemm_openblas"
if [ ! -x "$bin" ] || [ "$here/sgemm_openblas.c" -nt "$bin" ]; then
  gcc -O2 -std=c11 -D_GNU_SOURCE -o "$bin" "$here/sgemm_openblas.c" -lopenblas \
    || { echo "run-sgemm: error: build failed (is libopenblas-dev installed?)" >&2; exit 3; }
fi
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-$(nproc)}"
# OpenBLAS 0.3.21 does not know Zen 4/5 and falls back to its AVX2 (Haswell) kernels: on an AVX-512 cpu the baseline
# uses the AVX-512 ones, so ea4j (512-bit vectors there) is compared with OpenBLAS at its best
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx512f /proc/cpuinfo 2>/dev/null; then export OPENBLAS_CORETYPE=SkylakeX; fi
exec "$bin" "$@"
