package dev.ea4j.backend.tornado;

import dev.ea4j.backend.Device;
import dev.ea4j.backend.DeviceSession;
import dev.ea4j.graph.GraphCompiler;
import dev.ea4j.graph.ImmutableTaskGraph;
import dev.ea4j.graph.KernelRef;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One TornadoVM device shared by the ea4j plans that open it. Each plan becomes one TornadoVM execution plan
 * ({@link TornadoPlan}) with its own device buffers, because TornadoVM shares buffers only between consecutive
 * graphs of one plan. Arrays that several ea4j plans use (a model's weights, gradients, optimizer moments) are
 * therefore synchronised through host memory at plan boundaries: every plan that uses one copies it in before and
 * out after each execution. Arrays used by one plan only stay on the device as TornadoVM's transfer modes say.
 */
final class TornadoSession implements DeviceSession, GraphCompiler {

    private final TornadoDevices.Entry entry;
    private final List<TornadoPlan> plans = new ArrayList<>();
    /** How many open plans use each array (by identity). */
    private final Map<Object, Integer> users = new IdentityHashMap<>();

    TornadoSession(TornadoDevices.Entry entry) {
        this.entry = entry;
    }

    @Override
    public Device device() {
        return entry.device();
    }

    /** The TornadoVM device and its driver's name. */
    TornadoDevices.Entry entry() {
        return entry;
    }

    @Override
    public CompiledPlan compile(List<ImmutableTaskGraph> graphs, boolean strict, PrintStream warnings) {
        TornadoPlan plan = new TornadoPlan(this, graphs, strict, warnings);
        for (Object a : plan.arrays()) users.merge(a, 1, Integer::sum);
        plans.add(plan);
        for (TornadoPlan p : plans) p.sharingChanged();
        return plan;
    }

    /** Whether more than one open plan uses {@code array}. */
    boolean shared(Object array) {
        return users.getOrDefault(array, 0) > 1;
    }

    /** Forgets a closed plan; arrays it shared may become private to another plan again (kept shared: harmless). */
    void closed(TornadoPlan plan) {
        if (!plans.remove(plan)) return;
        for (Object a : plan.arrays()) users.computeIfPresent(a, (k, n) -> n == 1 ? null : n - 1);
    }

    @Override
    public long toDevice(Object array) {
        return 0; // plans copy what they use themselves (see TornadoPlan)
    }

    @Override
    public long toHost(Object array) {
        return 0; // arrays shared between plans are on the host after every execution
    }

    @Override
    public String launch(KernelRef kernel, Object[] args) {
        throw new IllegalStateException("the tornado backend runs whole task graphs (GraphCompiler), not single launches");
    }

    @Override
    public boolean holds(Object array) {
        return users.containsKey(array);
    }

    @Override
    public void close() {
        for (TornadoPlan p : List.copyOf(plans)) p.close();
    }
}
