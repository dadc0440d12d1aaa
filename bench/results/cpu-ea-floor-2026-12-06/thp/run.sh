#!/usr/bin/env bash
# Transparent huge pages for the Java heap against the default 4 KiB pages (this host's THP mode is madvise, so the
# JVM uses them only with -XX:+UseTransparentHugePages): bench attention, the four EA forms, alternating the two
# settings, ROUNDS rounds. Run from the repository root; writes <form>-<setting>-<round>.json beside this script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; rounds="${1:-4}"
for round in $(seq "$rounds"); do
  for form in "6 --causal" "2 --causal" "6" "2"; do
    set -- $form; name="ea$1${2:+-causal}"
    for setting in default thp; do
      opts=""; [ "$setting" = thp ] && opts="-XX:+UseTransparentHugePages"
      EA4J_JAVA_OPTS="$opts" ./ea4j bench attention --device cpu --order $form --no-check --repeats 9 --json \
        2>/dev/null > "$here/$name-$setting-$round.json"
    done
  done
done
