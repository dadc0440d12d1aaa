/**
 * The backend SPI (Backend, Device, DeviceSession) and device selection (Backends). Depends on graph's
 * KernelRef only.
 */
package dev.ea4j.backend;
