package dev.latchkey.metrics;

/**
 * {@link LatchkeyMetrics#none()}: reports nothing. Latchkey recognises it and skips even the clock
 * readings, so the hot paths cost what they cost before metrics existed.
 */
enum NoMetrics implements LatchkeyMetrics {
  INSTANCE;

  @Override
  public long monotonicTime() {
    return 0L;
  }

  @Override
  public void recordTime(Operation operation, Outcome outcome, long nanos) {
  }

  @Override
  public String toString() {
    return "LatchkeyMetrics.none()";
  }
}
