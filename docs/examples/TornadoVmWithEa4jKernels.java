import dev.ea4j.kernels.DenseKernels;
import dev.ea4j.kernels.EaSeriesKernels;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * A TornadoVM program that uses ea4j's kernels in its own task graph: causal EA-6 attention, then GELU, on
 * TornadoVM's default device, checked against the same kernels run as plain Java. No ea4j runtime is involved:
 * the kernels are ordinary TornadoVM tasks.
 *
 * <pre>
 *   q, k, v --toDevice--> [ea: EaSeriesKernels.causalForward] --y--> [gelu: DenseKernels.gelu] --z--> toHost
 *   (y stays on the device: declared UNDER_DEMAND, never asked for)
 * </pre>
 *
 * Run (after tornado-config/install-tornadovm.sh and mvn package):
 *   javac -cp target/ea4j.jar -d /tmp/ex docs/examples/TornadoVmWithEa4jKernels.java
 *   java @tornado-config/tornado.argfile -cp target/ea4j.jar:/tmp/ex TornadoVmWithEa4jKernels
 */
public class TornadoVmWithEa4jKernels {

    public static void main(String[] args) throws Exception {
        int B = 2, L = 512, D = 64, p = 6, n = B * L * D;
        float[] q = new float[n], k = new float[n], v = new float[n], y = new float[n], z = new float[n];
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < n; i++) {
            q[i] = (float) rnd.nextGaussian() * 0.5f;
            k[i] = (float) rnd.nextGaussian() * 0.5f;
            v[i] = (float) rnd.nextGaussian();
        }
        TaskGraph graph = new TaskGraph("user")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, q, k, v)
                .task("ea", EaSeriesKernels::causalForward, q, k, v, y, B, L, D, p)
                .task("gelu", DenseKernels::gelu, y, z, n)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, z)
                .transferToHost(DataTransferMode.UNDER_DEMAND, y); // TornadoVM wants every array declared
        try (TornadoExecutionPlan plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.execute();
        }
        // the same kernels as plain Java: the reference
        float[] yRef = new float[n], zRef = new float[n];
        EaSeriesKernels.causalForward(q, k, v, yRef, B, L, D, p);
        DenseKernels.gelu(yRef, zRef, n);
        double worst = 0;
        for (int i = 0; i < n; i++) worst = Math.max(worst, Math.abs(z[i] - zRef[i]));
        System.out.printf("max |tornado - java| = %.3g over %d outputs%n", worst, n);
        if (!(worst < 1e-4)) throw new AssertionError("TornadoVM and Java disagree: " + worst);
    }
}
