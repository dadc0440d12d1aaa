package dev.ea4j.backend.tornado;

import dev.ea4j.backend.Device;
import dev.ea4j.backend.DeviceSession;
import dev.ea4j.backend.GraphCompiler;
import dev.ea4j.backend.GraphSteps;
import dev.ea4j.backend.KernelRef;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One TornadoVM device shared by the ea4j plans that open it. Each plan becomes one or more TornadoVM execution plans
 * ({@link TornadoSegment}s of a {@link TornadoPlan}), each with its own device buffers, because TornadoVM shares
 * buffers only between consecutive graphs of one plan. Arrays that several segments use (a model's weights,
 * gradients, optimizer moments, activations passed from layer to layer) are therefore synchronised through host
 * memory: every segment that uses one copies it in before and out after each execution. Arrays one segment uses
 * alone stay on the device as TornadoVM's transfer modes say.
 */
final class TornadoSession implements DeviceSession, GraphCompiler {

    private final TornadoDevices.Entry entry;
    private final List<TornadoSegment> segments = new ArrayList<>();
    /** How many open segments use each array (by identity); transfers of plans without tasks count too. */
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
    public CompiledPlan compile(List<GraphSteps> graphs, boolean strict, PrintStream warnings) {
        TornadoPlan plan = new TornadoPlan(this, graphs, strict, warnings);
        for (TornadoSegment s : plan.segments()) {
            for (Object a : s.arrays()) users.merge(a, 1, Integer::sum);
            segments.add(s);
        }
        // arrays a plan only transfers or consumes (an upload plan's weights) are used by other plans: count the
        // plan as one more user, so that segments compiled later know them as shared from the start
        for (Object a : plan.transferredOnly()) users.merge(a, 1, Integer::sum);
        for (TornadoSegment s : segments) s.sharingChanged();
        return plan;
    }

    /** Whether more than one open segment uses {@code array}. */
    boolean shared(Object array) {
        return users.getOrDefault(array, 0) > 1;
    }

    /** Forgets a closed segment. */
    void closed(TornadoSegment segment) {
        if (segments.remove(segment)) release(segment.arrays());
    }

    /** Forgets the arrays a closed plan only transferred. */
    void closed(TornadoPlan plan) {
        release(plan.transferredOnly());
    }

    private void release(Iterable<Object> arrays) {
        for (Object a : arrays) users.computeIfPresent(a, (k, n) -> n <= 1 ? 0 : n - 1);
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
        for (TornadoSegment s : List.copyOf(segments)) s.close();
    }
}
