package dev.latchkey.archfixture.cycle.b;

import dev.latchkey.archfixture.cycle.a.A;

/** ... and b uses a. */
public class B {
  /** Uses the other package back. */
  public A partner() {
    return new A();
  }
}
