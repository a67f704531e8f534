package dev.latchkey.archfixture.store;

import dev.latchkey.internal.Hashing;
import dev.latchkey.session.Assurance;
import dev.latchkey.spi.SessionRecord;

/** A store that reaches past the SPI into a service package and into internal: violations. */
public final class BadStore {
  /** Uses a service type and an internal helper. */
  public Object peek(SessionRecord record) {
    return Assurance.values().length + Hashing.sha256("x").length + record.toString();
  }
}
