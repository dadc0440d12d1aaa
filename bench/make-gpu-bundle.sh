#!/usr/bin/env bash
# Packs what a GPU machine without Java needs to run ea4j and its tornado backend into ONE compressed file,
# .gpu/ea4j-gpu.tar.xz (about 40 MB: the device tool carries at most 64 MiB): a jlinked JDK 25 runtime with JVMCI
# (TornadoVM's JIT needs it), ea4j.jar, the TornadoVM SDK that tornado-config/install-tornadovm.sh built (OpenCL and
# PTX drivers) and the JVM flags for it, with paths relative to the project root. Jars are stored uncompressed
# inside so that xz compresses their classes.
#
# Build machine:  tornado-config/install-tornadovm.sh --ptx && mvn -q -B -DskipTests package && bench/make-gpu-bundle.sh
# GPU machine:    source bench/gpu-env.sh   (unpacks on first use; sets JAVA_HOME, EA4J_CP, EA4J_TORNADO_ARGFILE)
#                 (bench/run-gpu.sh does this itself)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jdk="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
sdk="${EA4J_TORNADO_SDK:-$HOME/.cache/ea4j/tornadovm-5.2.0-jdk25}"
[ -x "$jdk/bin/jlink" ] || { echo "make-gpu-bundle: no JDK 25 at $jdk (set JDK25)" >&2; exit 2; }
[ -f target/ea4j.jar ] || { echo "make-gpu-bundle: no target/ea4j.jar (run mvn -DskipTests package)" >&2; exit 2; }
[ -d "$sdk/share/java/tornado" ] || { echo "make-gpu-bundle: no TornadoVM SDK at $sdk (run tornado-config/install-tornadovm.sh --ptx)" >&2; exit 2; }
[ -d "$sdk/share/java/ptx" ] || echo "make-gpu-bundle: warning: the SDK has no PTX driver (install-tornadovm.sh --ptx needs CUDA headers)" >&2

stage="$(mktemp -d)"; trap 'rm -rf "$stage"' EXIT
b="$stage/ea4j-gpu"; mkdir -p "$b/lib"
# java.desktop: XChart's plots and TornadoVM's PTX driver; jdk.internal.vm.ci + jdk.management: TornadoVM and Graal
"$jdk/bin/jlink" --add-modules java.base,jdk.incubator.vector,java.management,java.logging,jdk.unsupported,java.xml,java.desktop,jdk.internal.vm.ci,jdk.management \
  --strip-debug --no-header-files --no-man-pages --compress zip-0 --output "$b/jre" 2>&1 | grep -v 'incubator modules' || true
store() { # store SRC_JAR DEST_JAR: the same entries, uncompressed
  local x; x="$(mktemp -d)"; (cd "$x" && "$jdk/bin/jar" xf "$1")
  "$jdk/bin/jar" --create --no-compress --file "$2" -C "$x" . ; rm -rf "$x"
}
store "$root/target/ea4j.jar" "$b/lib/ea4j.jar"
mkdir -p "$b/tornadovm"
cp -r "$sdk/lib" "$sdk/etc" "$b/tornadovm/"
for d in tornado ptx graalJars; do
  [ -d "$sdk/share/java/$d" ] || continue
  mkdir -p "$b/tornadovm/share/java/$d"
  for j in "$sdk/share/java/$d"/*.jar; do store "$j" "$b/tornadovm/share/java/$d/$(basename "$j")"; done
done
# the argfiles, OpenCL only and OpenCL + PTX, SDK paths relative to the project root where the bundle is unpacked
rel=".gpu/ea4j-gpu/tornadovm"
for variant in opencl ptx; do
  "$root/tornado-config/write-argfile.sh" "$b/tornadovm" "$stage/$variant.argfile" "$([ $variant = ptx ] && echo ptx)"
  sed "s#$b/tornadovm#$rel#g" "$stage/$variant.argfile" > "$b/tornado-$variant.argfile"
done
cp "$root/bench/gpu-env.sh" "$b/"
grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >> .git/info/exclude
rm -rf .gpu; mkdir .gpu
tar -C "$stage" -cf - ea4j-gpu | xz -T0 -6 > .gpu/ea4j-gpu.tar.xz
du -sh .gpu/ea4j-gpu.tar.xz | awk '{print "make-gpu-bundle: .gpu/ea4j-gpu.tar.xz " $1 " (carry: [\".gpu\"]; under 64 MiB with the tree)"}'
