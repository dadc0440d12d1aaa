/**
 * {@code ea4j bench model}: training-step throughput and memory, BS-L curves, and decoding latency and memory
 * of whole transformer stacks (the paper's Figures 4 and 5), one job per class: presets, exact memory
 * accounting, heap probes, fits, measurements, charts and the report.
 */
package dev.ea4j.bench.model;
