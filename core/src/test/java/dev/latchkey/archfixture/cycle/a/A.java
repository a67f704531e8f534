package dev.latchkey.archfixture.cycle.a;

import dev.latchkey.archfixture.cycle.b.B;

/** Half of a package cycle: a uses b ... */
public class A {
  /** Uses the other package. */
  public B partner() {
    return new B();
  }
}
