/**
 * The default cpu backend: a core-sized pool, contiguous chunks per core, Vector API twins of the kernels
 * (scalar twins with -Dea4j.vector.bits=0). Depends on kernels/ and backend/.
 */
package dev.ea4j.backend.cpu;
