#!/usr/bin/env bash
# Alternating A/B of `ea4j bench matmul` between two checkouts (each with its own ea4j launcher and jar): A, B,
# A, B, ... so a noisy machine's drift falls on both. Summarise with bench/summarize_matmul_ab.py OUT.
# Usage: bench/ab-matmul.sh DIR_A DIR_B ROUNDS OUT [--avx2]
#   --avx2: Java at 256-bit vectors (-XX:UseAVX=2) against OpenBLAS's Haswell kernels, to approximate an AVX2 cpu
#           on an AVX-512 one. Without it, OpenBLAS picks its kernels itself (run-sgemm.sh: SkylakeX on AVX-512).
set -euo pipefail
if [ $# -lt 4 ]; then echo "usage: $0 DIR_A DIR_B ROUNDS OUT [--avx2]" >&2; exit 2; fi
a="$1"; b="$2"; rounds="$3"; out="$4"; avx2="${5:-}"
for d in "$a" "$b"; do [ -x "$d/ea4j" ] || { echo "ab-matmul: no ea4j launcher in $d" >&2; exit 2; }; done
mkdir -p "$out"
run() {
  if [ "$avx2" = --avx2 ]; then
    (cd "$1" && EA4J_JAVA_OPTS=-XX:UseAVX=2 OPENBLAS_CORETYPE=Haswell ./ea4j bench matmul --device cpu 2>/dev/null)
  else
    (cd "$1" && env -u OPENBLAS_CORETYPE ./ea4j bench matmul --device cpu 2>/dev/null)
  fi
}
for i in $(seq 1 "$rounds"); do
  echo "ab-matmul: round $i/$rounds: A" >&2; run "$a" > "$out/A-$i.txt"
  echo "ab-matmul: round $i/$rounds: B" >&2; run "$b" > "$out/B-$i.txt"
done
