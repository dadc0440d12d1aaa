/**
 * The {@code cpu} twins of {@link dev.ea4j.kernels.EaSeriesKernels}. {@link dev.ea4j.backend.cpu.ea.CpuEa} is the
 * dispatcher the backend registers: it splits the (batch, channel) loop over the pool and runs, per thread, one scan
 * class per pass over memory. Each scan class has register-resident vector kernels for blocks of {@code VL} channels
 * at p = 2 and p = 6 and a scalar twin (any even p) that runs leftover channels, other orders and the scalar
 * configuration ({@code -Dea4j.vector.bits=0}), and that the tests hold against the vector kernels. Scans do not call
 * each other; they share the state layout ({@link dev.ea4j.backend.cpu.ea.Slots}) and the scalar steps
 * ({@link dev.ea4j.backend.cpu.ea.Lane}). Depends on kernels/ and backend/cpu.
 */
package dev.ea4j.backend.cpu.ea;
