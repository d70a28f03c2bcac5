/**
 * Runnable example nodes, the relay server, the command line and the benchmarks.
 */
package io.hearthnet.examples;
