package dev.latchkey.archfixture.exposure.api;

import dev.latchkey.archfixture.exposure.hidden.Engine;
import dev.latchkey.archfixture.exposure.hidden.EngineException;
import java.util.List;

/** An API type that names the hidden Engine in its signatures: each a violation. */
public class Leaky {
  /** A public field of a hidden type (inside a type argument). */
  public List<Engine> engines = List.of();

  /** A public constructor taking a hidden type. */
  public Leaky(Engine engine) {}

  /** A public method returning a hidden type. */
  public Engine engine() {
    return new Engine();
  }

  /** A protected method that throws a hidden type. */
  protected void run() throws EngineException {}

  /** A public nested type extending a hidden type. */
  public static class Turbo extends Engine {}
}
