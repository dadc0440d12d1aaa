package dev.ea4j.backend.cpu;

/** Pools for tests outside this package (CpuPool's constructor is package-private). */
public final class TestPools {

    private TestPools() {}

    /** A pool of {@code threads} threads. */
    public static CpuPool of(int threads) {
        return new CpuPool(threads);
    }
}
