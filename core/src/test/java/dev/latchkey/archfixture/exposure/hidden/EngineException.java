package dev.latchkey.archfixture.exposure.hidden;

/** A hidden exception type. */
public class EngineException extends Exception {
  private static final long serialVersionUID = 1L;
}
