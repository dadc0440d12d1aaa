/**
 * The ea4j command line (picocli). May depend on everything below it.
 */
package dev.ea4j.cli;
