package dev.latchkey.store.jdbc;

import java.time.Duration;

/** Range checks of the buses' durations, naming the setting and never a secret. */
final class BusSettings {
  private BusSettings() {}

  static void requireBetween(String name, Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException("Invalid " + name + " " + value + "; must be "
          + min + " to " + max);
    }
  }
}
