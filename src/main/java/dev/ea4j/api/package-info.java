/**
 * The public entry points above the task-graph runtime: argument validation ({@link dev.ea4j.api.Checks})
 * and a small facade that runs each attention mode on a chosen device ({@link dev.ea4j.api.Attention}).
 * May depend on {@code graph}, {@code backend} and {@code kernels}; never on {@code cli} or models.
 */
package dev.ea4j.api;
