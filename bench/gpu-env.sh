# Source from the project root on a GPU machine without Java, after bench/make-gpu-bundle.sh on the build machine:
# unpacks .gpu/ea4j-gpu.tar.xz on first use, puts its runtime on PATH, and sets EA4J_CP (the ea4j jar) and
# EA4J_TORNADO_ARGFILE (TornadoVM's flags: OpenCL + PTX where the PTX driver starts, else OpenCL only). Registers
# NVIDIA's OpenCL driver with the ICD loader where the image lists only PoCL.
if [ ! -x .gpu/ea4j-gpu/jre/bin/java ]; then
  if command -v xz >/dev/null; then xz -dc .gpu/ea4j-gpu.tar.xz | tar -x -C .gpu
  else python3 -c "import tarfile; tarfile.open('.gpu/ea4j-gpu.tar.xz').extractall('.gpu')"; fi
fi
export JAVA_HOME="$PWD/.gpu/ea4j-gpu/jre" PATH="$PWD/.gpu/ea4j-gpu/jre/bin:$PATH"
export EA4J_CP="$PWD/.gpu/ea4j-gpu/lib/ea4j.jar"
if [ -w /etc ] && [ ! -f /etc/OpenCL/vendors/nvidia.icd ] && ldconfig -p | grep -q libnvidia-opencl.so.1; then
  mkdir -p /etc/OpenCL/vendors && echo libnvidia-opencl.so.1 > /etc/OpenCL/vendors/nvidia.icd
fi
EA4J_TORNADO_ARGFILE="$PWD/.gpu/ea4j-gpu/tornado-opencl.argfile"
if ldconfig -p | grep -q 'libcuda.so.1' && java @.gpu/ea4j-gpu/tornado-ptx.argfile -cp "$EA4J_CP" dev.ea4j.cli.Main devices 2>&1 \
     | grep -q 'TornadoVM PTX driver'; then
  EA4J_TORNADO_ARGFILE="$PWD/.gpu/ea4j-gpu/tornado-ptx.argfile"
fi
export EA4J_TORNADO_ARGFILE
