#!/usr/bin/env bash
# Writes the JVM flags TornadoVM needs for an SDK folder to an argfile:
#   tornado-config/write-argfile.sh SDK_DIR OUT_FILE [ptx]
# (module paths, JVMCI, exports, the tornado.load.* properties, the native library path). install-tornadovm.sh calls
# it for this machine; bench/make-gpu-bundle.sh for the GPU bundle. "ptx" adds TornadoVM's PTX driver (only where an
# NVIDIA driver is installed: on the module path, the driver is loaded and fails without one).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: write-argfile.sh SDK_DIR OUT_FILE [ptx]" >&2; exit 2; }
s="$1" out="$2" with_ptx="${3:-}"
[ -d "$s/etc/exportLists" ] || { echo "write-argfile: $s is not a TornadoVM SDK (no etc/exportLists)" >&2; exit 2; }
version=5.2.0-jdk25
modules="ALL-SYSTEM,tornado.runtime,tornado.annotation,tornado.drivers.common"
native="tornado.drivers.opencl"
tmp="$(mktemp "$out.XXXXXX")"
{
  echo "# TornadoVM $version flags for ea4j's tornado backend, written by tornado-config/write-argfile.sh on $(date -u +%F)."
  echo "# SDK: $s"
  echo "-XX:+UnlockExperimentalVMOptions"
  echo "-XX:+EnableJVMCI"
  echo "-XX:-UseCompressedOops"
  echo "--enable-preview"
  echo "-Djava.library.path=$s/lib"
  # the PTX driver sits in its own folder: on the module path, service binding would load it even where no
  # NVIDIA driver is present (and it fails there)
  echo "--module-path $s/share/java/tornado$([ "$with_ptx" = ptx ] && [ -d "$s/share/java/ptx" ] && echo ":$s/share/java/ptx")"
  echo "--upgrade-module-path $s/share/java/graalJars"
  echo "-Dtornado.load.api.implementation=uk.ac.manchester.tornado.runtime.tasks.TornadoTaskGraph"
  echo "-Dtornado.load.runtime.implementation=uk.ac.manchester.tornado.runtime.TornadoCoreRuntime"
  echo "-Dtornado.load.tornado.implementation=uk.ac.manchester.tornado.runtime.common.Tornado"
  echo "-Dtornado.load.annotation.implementation=uk.ac.manchester.tornado.annotation.ASMClassVisitor"
  echo "-Dtornado.load.annotation.parallel=uk.ac.manchester.tornado.api.annotations.Parallel"
  # a bailout throws instead of silently running sequential Java: ea4j reports it per task (see docs/tornadovm.md)
  echo "-Dtornado.recover.bailout=False"
  # room for the TornadoVM bytecode of long graphs (a training step's segments; the default stops near 45 tasks)
  echo "-Dtornado.tvm.maxbytecodesize=1048576"
  echo "-Dea4j.tornado.sdk=$s"
  grep -v '^#' "$s/etc/exportLists/common-exports"
  grep -v '^#' "$s/etc/exportLists/opencl-exports"
  if [ "$with_ptx" = ptx ]; then
    grep -v '^#' "$s/etc/exportLists/ptx-exports"
    modules="$modules,tornado.drivers.ptx"; native="$native,tornado.drivers.ptx"
  fi
  echo "--add-modules $modules,tornado.drivers.opencl"
  echo "--enable-native-access=$native,ALL-UNNAMED"
} | grep -v '^[[:space:]]*$' > "$tmp"
mv -f "$tmp" "$out"
