/**
 * The sequential reference backend, the oracle every other backend is tested against.
 */
package dev.ea4j.backend.java;
