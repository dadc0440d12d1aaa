package dev.ea4j.bench;

import dev.ea4j.backend.cpu.CpuPool;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The memory roofline for EA: a parallel {@code System.arraycopy} of two float arrays of {@code elements}
 * each, split over the same {@link CpuPool} the cpu backend uses. Traffic per copy = 8 bytes read + 8 bytes
 * written per element = 16 bytes per element, as EA forward (q, k, v read, y written); GB/s =
 * 16 * elements / time. Defaults: B*L*D for L = 4096 and 32768 at D = 768.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class CopyBenchmark {

    @Param({"3145728", "25165824"})
    public int elements;

    private float[][] src, dst;

    @Setup(Level.Trial)
    public void setup() {
        src = new float[][] {JmhSupport.randn(elements, 1, 1.0), JmhSupport.randn(elements, 2, 1.0)};
        dst = new float[2][elements];
        CopyBandwidth.copyOnce(src, dst, CpuPool.shared());
        for (int i = 0; i < src.length; i++) {
            if (!Arrays.equals(src[i], dst[i])) throw new IllegalStateException("parallel copy of array " + i + " is wrong");
        }
    }

    @Benchmark
    public float[][] copy() {
        CopyBandwidth.copyOnce(src, dst, CpuPool.shared());
        return dst;
    }
}
