package dev.ea4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.backend.Backends;
import dev.ea4j.io.Npy;
import dev.ea4j.io.NpyArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ea4j attention} on cpu and opencl:0 agrees with the java backend on outputs and gradients, every mode. */
class AttentionAcrossDevicesTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "'', cpu", "--causal, cpu", "--recurrent, cpu", "--exact, cpu", "--exact --causal, cpu",
        "--softmax --heads 4, cpu", "--softmax --heads 4 --causal, cpu",
        "'', opencl:0", "--causal, opencl:0", "--recurrent, opencl:0", "--exact, opencl:0",
        "--exact --causal, opencl:0", "--softmax --heads 4, opencl:0", "--softmax --heads 4 --causal, opencl:0"})
    void agreesWithTheReference(String mode, String device) throws Exception {
        String backend = device.contains(":") ? device.substring(0, device.indexOf(':')) : device;
        boolean present = Backends.devices().stream().anyMatch(d -> d.backend().equals(backend));
        if (!present) System.err.println("SKIPPED AttentionAcrossDevicesTest on " + device + ": not present");
        Assumptions.assumeTrue(present, () -> device + " not present");
        int B = 2, L = 37, D = 12;
        for (String name : List.of("q", "k", "v", "gy")) {
            SplittableRandom r = new SplittableRandom(name.hashCode());
            float[] x = new float[B * L * D];
            for (int i = 0; i < x.length; i++) x[i] = (float) (0.7 * r.nextGaussian());
            Npy.write(dir.resolve(name + ".npy"), new NpyArray(x, new int[] {B, L, D}));
        }
        boolean grads = !mode.contains("recurrent");
        for (String dev : List.of("java", device)) {
            List<String> args = new ArrayList<>(List.of("attention", "--q", p("q"), "--k", p("k"), "--v", p("v"),
                    "--out", p("y-" + dev), "--device", dev, "--strict"));
            if (!mode.isBlank()) args.addAll(List.of(mode.split(" ")));
            if (!mode.contains("exact") && !mode.contains("softmax")) args.addAll(List.of("--order", "6"));
            if (grads) args.addAll(List.of("--grad", p("gy"), "--dq", p("dq-" + dev), "--dk", p("dk-" + dev), "--dv", p("dv-" + dev)));
            CliTestSupport.Run run = CliTestSupport.run(args.toArray(String[]::new));
            assertEquals(0, run.code(), () -> dev + ": " + run.err());
        }
        for (String out : grads ? List.of("y", "dq", "dk", "dv") : List.of("y")) {
            float[] ref = Npy.read(Path.of(p(out + "-java"))).data();
            float[] got = Npy.read(Path.of(p(out + "-" + device))).data();
            double scale = 1;
            for (float f : ref) scale = Math.max(scale, Math.abs(f));
            double worst = 0;
            for (int i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ref[i] - got[i]));
            double w = worst, s = scale;
            assertTrue(worst <= 1e-4 * scale, () -> out + " on " + device + " differs from java by " + w + " (scale " + s + ")");
        }
    }

    private String p(String name) {
        return dir.resolve(name.replace(':', '_') + ".npy").toString();
    }
}
