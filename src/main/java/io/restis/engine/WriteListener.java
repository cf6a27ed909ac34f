package io.restis.engine;

/**
 * Receives every propagated write, once, in order, with its offset. Called under the engine lock
 * so the order is the execution order: implementations must only enqueue (copying nothing that
 * might change: argv arrays are never mutated after propagation) and never block or do I/O.
 */
@FunctionalInterface
public interface WriteListener {
  void onWrite(long offset, byte[][] argv);
}
