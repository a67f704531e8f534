package dev.latchkey.archfixture.random;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** java.util.Random, Math.random and ThreadLocalRandom: each a violation. */
public final class WeakRandomness {
  private final Random random = new Random();

  /** Draws from weak sources. */
  public double draw() {
    return random.nextInt(10) + Math.random() + ThreadLocalRandom.current().nextInt();
  }
}
