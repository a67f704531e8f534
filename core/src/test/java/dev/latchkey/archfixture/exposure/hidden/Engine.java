package dev.latchkey.archfixture.exposure.hidden;

/** A type of a package the fixture module does not export. */
public class Engine {
  /** Makes one. */
  public Engine() {}
}
