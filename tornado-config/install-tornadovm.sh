#!/usr/bin/env bash
# Builds (or adopts) a TornadoVM SDK for ea4j's `tornado` backend and writes the JVM flags it needs.
#
#   tornado-config/install-tornadovm.sh [--src FILE] [--sdk DIR] [--ptx|--no-ptx] [--force] [--quiet]
#
# - $TORNADOVM_HOME pointing at an SDK (share/java/tornado, lib, etc/exportLists): adopted as it is, nothing built.
# - Otherwise the SDK is built from TornadoVM's source archive (--src, else $EA4J_TORNADOVM_SRC, else
#   ../shared/vendor/tornadovm/tornadovm-5.2.0-jdk25-src.tar.gz next to the project), checked against its sha256,
#   into a cache outside the work tree ($EA4J_CACHE, default ~/.cache/ea4j): the API, runtime, annotation and
#   OpenCL driver, and the PTX driver where CUDA headers are found (--ptx/--no-ptx to choose).
# - tornado-api is installed into the local Maven repository (pom.xml depends on it).
# - tornado-config/tornado.argfile gets the JVM flags (module paths, exports, tornado.load.* properties, library
#   path) with absolute paths for this machine; `./ea4j` and the tests pick it up.
# A second run with the same inputs is a no-op in seconds. Exit status: 0 ready, 1 build failed, 2 bad input.
set -euo pipefail

version=5.2.0-jdk25
graal_version=25.0.2
maven_version=3.9.6
archive_sha256=ac2194183004707232990a10375ea81d1466f0abf6f8e429b787ce5f88f52d1f
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cache="${EA4J_CACHE:-$HOME/.cache/ea4j}"
sdk="$cache/tornadovm-$version"
src="${EA4J_TORNADOVM_SRC:-}"
ptx=auto force=0 quiet=0

say() { [ "$quiet" = 1 ] || echo "install-tornadovm: $*" >&2; }
die() { echo "install-tornadovm: $1" >&2; exit "${2:-1}"; }
quietly() { local log; log="$("$@" 2>&1)" || { echo "$log" >&2; return 1; }; } # output only on failure

while [ $# -gt 0 ]; do
  case "$1" in
    --src) [ $# -ge 2 ] || die "--src needs a file" 2; src="$2"; shift 2 ;;
    --sdk) [ $# -ge 2 ] || die "--sdk needs a folder" 2; sdk="$2"; shift 2 ;;
    --ptx) ptx=yes; shift ;;
    --no-ptx) ptx=no; shift ;;
    --force) force=1; shift ;;
    --quiet) quiet=1; shift ;;
    -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" 2 ;;
  esac
done

find_jdk25() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
    "$c/bin/java" -version 2>&1 | grep -q 'version "25' && { echo "$c"; return 0; }
  done
  return 1
}
jdk="$(find_jdk25)" || die "no JDK 25 found (set JAVA_HOME to one)" 2
export JAVA_HOME="$jdk"
# Maven 3.8 wraps even forced output in ANSI resets; strip them
m2="$(cd "${TMPDIR:-/tmp}" && mvn -q -B help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null \
  | sed 's/\x1b\[[0-9;]*m//g' || true)"
[ -d "$m2" ] || m2="$HOME/.m2/repository"
api_jar_in_m2="$m2/io/github/beehive-lab/tornado-api/$version/tornado-api-$version.jar"

has_cuda_headers() { [ -f "${CUDA_HOME:-/usr/local/cuda}/include/cuda.h" ]; }
has_nvidia_driver() { ldconfig -p 2>/dev/null | grep -q 'libcuda.so.1'; }

# ---------------------------------------------------------------- the argfile (also for an adopted SDK)
ptx_in_sdk() { ls "$1"/share/java/{ptx,tornado}/tornado-drivers-ptx-*.jar >/dev/null 2>&1 && [ -f "$1/lib/libtornado-ptx.so" ]; }

finish() { # finish SDK_DIR: argfile + tornado-api in ~/.m2
  local s="$1" with_ptx=""
  ptx_in_sdk "$s" && has_nvidia_driver && with_ptx=ptx
  "$here/write-argfile.sh" "$s" "$here/tornado.argfile" $with_ptx
  if [ ! -f "$api_jar_in_m2" ]; then
    say "installing tornado-api $version into $m2"
    quietly bash -c 'cd "${TMPDIR:-/tmp}" && mvn -q -B install:install-file -Dfile="$1" -DgroupId=io.github.beehive-lab \
      -DartifactId=tornado-api -Dversion="$2" -Dpackaging=jar' _ "$(ls "$s"/share/java/tornado/tornado-api-*.jar | head -1)" "$version" \
      || die "could not install tornado-api into $m2"
  fi
  say "ready: SDK $s$([ -n "$with_ptx" ] && echo ' (OpenCL + PTX)' || echo ' (OpenCL)'); JVM flags in tornado-config/tornado.argfile"
}

# ---------------------------------------------------------------- an SDK the user already has
if [ -n "${TORNADOVM_HOME:-}" ]; then
  [ -d "$TORNADOVM_HOME/share/java/tornado" ] && [ -d "$TORNADOVM_HOME/etc/exportLists" ] \
    || die "TORNADOVM_HOME=$TORNADOVM_HOME is not a TornadoVM SDK (no share/java/tornado or etc/exportLists)" 2
  [ -d "$TORNADOVM_HOME/share/java/graalJars" ] \
    || die "TORNADOVM_HOME=$TORNADOVM_HOME has no share/java/graalJars (ea4j runs TornadoVM on a stock JDK 25)" 2
  say "using the SDK at TORNADOVM_HOME=$TORNADOVM_HOME"
  finish "$TORNADOVM_HOME"; exit 0
fi

# ---------------------------------------------------------------- the source archive
if [ -z "$src" ]; then
  for c in "$root/../shared/vendor/tornadovm/tornadovm-$version-src.tar.gz" \
           "/work/shared/vendor/tornadovm/tornadovm-$version-src.tar.gz" \
           "$cache/tornadovm-$version-src.tar.gz"; do
    [ -f "$c" ] && { src="$c"; break; }
  done
fi
[ "$ptx" = auto ] && { has_cuda_headers && ptx=yes || ptx=no; }
stamp="$archive_sha256 ptx=$ptx patches=workgroups-2"
if [ "$force" = 0 ] && [ -f "$sdk/.ea4j-stamp" ] && [ "$(cat "$sdk/.ea4j-stamp")" = "$stamp" ]; then
  finish "$sdk"; exit 0
fi
[ -n "$src" ] || die "no TornadoVM source archive: pass --src FILE (tornadovm-$version-src.tar.gz, the git archive of tag v$version) or set TORNADOVM_HOME to an SDK" 2
[ -f "$src" ] || die "--src $src: no such file" 2
sum="$(sha256sum "$src" | cut -d' ' -f1)"
[ "$sum" = "$archive_sha256" ] || die "$src has sha256 $sum, expected $archive_sha256 (TornadoVM v$version)" 2

# ---------------------------------------------------------------- build tools
step=0; steps=6
progress() { step=$((step + 1)); say "[$step/$steps] $*"; }
progress "system packages (cmake, g++, OpenCL headers and ICD loader, PoCL)"
need=()
command -v cmake >/dev/null || need+=(cmake)
command -v g++ >/dev/null || need+=(g++)
[ -f /usr/include/CL/cl.h ] || need+=(opencl-c-headers)
ldconfig -p 2>/dev/null | grep -q 'libOpenCL.so ' || need+=(ocl-icd-opencl-dev)
[ -d /etc/OpenCL/vendors ] && ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1 || need+=(pocl-opencl-icd)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  command -v apt-get >/dev/null || die "missing ${need[*]} and no apt-get to install them" 2
  $sudo_cmd apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${need[@]}" >/dev/null \
    || die "apt-get install ${need[*]} failed"
fi

progress "Maven $maven_version and the Graal $graal_version jars (from the Maven registry)"
mkdir -p "$cache"
mvn_get() { quietly bash -c 'cd "${TMPDIR:-/tmp}" && mvn -q -B dependency:get -Dartifact="$1" -Dtransitive=false' _ "$1" \
  || die "cannot fetch $1 from the Maven registry"; }
mvn396="$cache/apache-maven-$maven_version/bin/mvn"
if [ ! -x "$mvn396" ]; then
  mvn_get "org.apache.maven:apache-maven:$maven_version:tar.gz:bin"
  tar -xzf "$m2/org/apache/maven/apache-maven/$maven_version/apache-maven-$maven_version-bin.tar.gz" -C "$cache"
fi
graal=(org.graalvm.compiler:compiler org.graalvm.sdk:graal-sdk org.graalvm.sdk:collections org.graalvm.sdk:word
       org.graalvm.sdk:nativeimage org.graalvm.polyglot:polyglot org.graalvm.truffle:truffle-api
       org.graalvm.truffle:truffle-compiler)
graal_path() { local g="${1%%:*}" a="${1##*:}"; echo "$m2/${g//.//}/$a/$graal_version/$a-$graal_version.jar"; }
for ga in "${graal[@]}"; do [ -f "$(graal_path "$ga")" ] || mvn_get "$ga:$graal_version"; done

progress "unpacking $src"
build="$cache/build"
rm -rf "$build"; mkdir -p "$build"
tar -xzf "$src" -C "$build"
tree="$build/tornadovm-$version"
[ -f "$tree/pom.xml" ] || die "$src does not hold tornadovm-$version/pom.xml"
mkdir -p "$tree/graalJars"
for ga in "${graal[@]}"; do cp "$(graal_path "$ga")" "$tree/graalJars/"; done

# Three one-line changes to TornadoVM's launch sizes for 1-D kernels (docs/tornadovm.md, "Work-groups"):
# - its NVIDIA OpenCL scheduler picks work-groups of up to 1024 threads and its PTX scheduler blocks of up to 1024,
#   whatever registers the kernel needs; register-heavy kernels then fail to launch (CL_OUT_OF_RESOURCES, printed but
#   not raised: outputs silently unwritten). Cap the OpenCL work-group at 256 threads (registers for any kernel) and
#   let PTX use the occupancy calculator's block size in 1-D too, as it already does in 2-D and 3-D;
# - its generic scheduler (PoCL and other CPU or non-NVIDIA/AMD devices) puts up to 4096 work-items in one group,
#   and a CPU runs one group on one core: 768 channels ran on one of two cores. Cap it at 64.
patch_line() { # patch_line FILE OLD NEW: replace one exact line, or fail naming it
  grep -qxF -- "$2" "$1" || die "cannot patch $1: line not found: $2"
  OLD="$2" NEW="$3" perl -0pi -e 's/^\Q$ENV{OLD}\E$/$ENV{NEW}/m' "$1"
}
patch_line "$tree/tornado-drivers/opencl/src/main/java/uk/ac/manchester/tornado/drivers/opencl/scheduler/OCLNVIDIAGPUScheduler.java" \
  '            localWorkGroups[0] = maxWorkItemSizes[0];' '            localWorkGroups[0] = Math.min(maxWorkItemSizes[0], 256);'
patch_line "$tree/tornado-drivers/opencl/src/main/java/uk/ac/manchester/tornado/drivers/opencl/scheduler/OCLGenericGPUScheduler.java" \
  '                intermediates[0] = maxWorkItemSizes[0];' '                intermediates[0] = Math.min(maxWorkItemSizes[0], 64);'
patch_line "$tree/tornado-drivers/ptx/src/main/java/uk/ac/manchester/tornado/drivers/ptx/PTXScheduler.java" \
  '        if (taskMeta.getDims() > 1) {' '        if (taskMeta.getDims() >= 1) {'

profiles="jdk25,opencl-backend"; modules="tornado-api,tornado-annotation,tornado-drivers/opencl-jni,tornado-drivers/opencl"
if [ "$ptx" = yes ]; then
  profiles="$profiles,ptx-backend"; modules="$modules,tornado-drivers/ptx-jni,tornado-drivers/ptx"
  # The PTX driver links against libcuda and libnvidia-ml, which come with the NVIDIA driver, not the toolkit.
  # Build machines without the driver link against empty stand-ins with the same sonames; the real libraries
  # resolve the symbols when the driver loads it on a GPU machine.
  stubs="$build/cuda-stubs"; mkdir -p "$stubs"; echo 'void ea4j_stub(void) {}' > "$stubs/stub.c"
  gcc -shared -fPIC -o "$stubs/libcuda.so" -Wl,-soname,libcuda.so.1 "$stubs/stub.c"
  gcc -shared -fPIC -o "$stubs/libnvidia-ml.so" -Wl,-soname,libnvidia-ml.so.1 "$stubs/stub.c"
  export LIBRARY_PATH="$stubs${LIBRARY_PATH:+:$LIBRARY_PATH}" LDFLAGS="-Wl,--no-as-needed"
  export PATH="${CUDA_HOME:-/usr/local/cuda}/bin:$PATH"
fi
progress "building TornadoVM $version ($profiles; a minute or two on 2 cores; log: $build/build.log)"
(cd "$tree" && "$mvn396" -B -T1 -ntp -P"$profiles" -DskipTests -Dmaven.javadoc.skip=true -pl "$modules" -am install) \
  > "$build/build.log" 2>&1 || { tail -40 "$build/build.log" >&2; die "the TornadoVM build failed; full log: $build/build.log"; }

progress "assembling the SDK in $sdk"
rm -rf "$sdk.new"; mkdir -p "$sdk.new/share/java/tornado" "$sdk.new/share/java/graalJars" "$sdk.new/lib" "$sdk.new/etc"
for a in tornado-api tornado-runtime tornado-annotation tornado-drivers-common tornado-drivers-opencl; do
  cp "$m2/io/github/beehive-lab/$a/$version/$a-$version.jar" "$sdk.new/share/java/tornado/"
done
if [ "$ptx" = yes ]; then
  mkdir -p "$sdk.new/share/java/ptx"
  cp "$m2/io/github/beehive-lab/tornado-drivers-ptx/$version/tornado-drivers-ptx-$version.jar" "$sdk.new/share/java/ptx/"
fi
# third-party modules the runtime and annotation require (versions as in TornadoVM's poms)
for ga in org.ow2.asm:asm:9.9 org.apache.commons:commons-math3:3.6.1 org.snmp4j:snmp4j:2.8.6; do
  IFS=: read -r g a v <<< "$ga"; f="$m2/${g//.//}/$a/$v/$a-$v.jar"
  [ -f "$f" ] || mvn_get "$ga"
  cp "$f" "$sdk.new/share/java/tornado/"
done
# the Graal jars the runtime loads (truffle-api, polyglot and graal-sdk are only needed to compile TornadoVM)
for ga in org.graalvm.compiler:compiler org.graalvm.sdk:collections org.graalvm.sdk:word org.graalvm.sdk:nativeimage \
          org.graalvm.truffle:truffle-compiler; do cp "$(graal_path "$ga")" "$sdk.new/share/java/graalJars/"; done
cp "$tree/tornado-drivers/opencl-jni/target/linux-amd64-release/cmake/libtornado-opencl.so" "$sdk.new/lib/"
[ "$ptx" = yes ] && cp "$tree/tornado-drivers/ptx-jni/target/linux-amd64-release/cmake/libtornado-ptx.so" "$sdk.new/lib/"
cp -r "$tree/tornado-assembly/src/etc/exportLists" "$sdk.new/etc/"
cp "$tree/tornado-assembly/src/etc/tornado.properties" "$sdk.new/etc/"
cp "$tree/LICENSE_APACHE2" "$tree/LICENSE_GPLv2CE" "$sdk.new/"
echo "tornado.backends=opencl-backend$([ "$ptx" = yes ] && echo ',ptx-backend')" > "$sdk.new/etc/tornado.backend"
echo "$stamp" > "$sdk.new/.ea4j-stamp"
rm -rf "$sdk"; mv "$sdk.new" "$sdk"
rm -rf "$build"

progress "JVM flags"
finish "$sdk"
