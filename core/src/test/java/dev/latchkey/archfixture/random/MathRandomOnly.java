package dev.latchkey.archfixture.random;

/** Only Math.random(): no dependency on java.util.Random in the bytecode, still a violation. */
public final class MathRandomOnly {
  /** Draws from Math.random(). */
  public double draw() {
    return Math.random();
  }
}
