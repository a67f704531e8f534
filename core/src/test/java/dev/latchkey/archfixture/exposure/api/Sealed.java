package dev.latchkey.archfixture.exposure.api;

import dev.latchkey.archfixture.exposure.hidden.Engine;

/** Uses the hidden type only where callers cannot see it: no violation. */
public final class Sealed {
  private final Engine engine = new Engine();

  Engine engine() {
    return engine;
  }

  /** A public method whose signature names no hidden type. */
  public String describe() {
    return engine().toString();
  }

  /** A package-private type may name hidden types. */
  static final class Helper extends Engine {}
}
