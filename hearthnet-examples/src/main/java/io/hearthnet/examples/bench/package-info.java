/**
 * JMH benchmarks, run from the jar with {@code java -jar hearthnet.jar bench [regex] [JMH options]};
 * results and the machine they ran on are kept in {@code docs/BENCHMARKS.md}.
 */
package io.hearthnet.examples.bench;
