package dev.latchkey.archfixture.compare;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.BiPredicate;

/** Compares secrets with early-exit comparisons: violations, except the allow-listed owner check. */
public final class LeakyComparison {
  /** Arrays.equals stops at the first differing byte. */
  public boolean tagMatches(byte[] expected, byte[] actual) {
    return Arrays.equals(expected, actual);
  }

  /** String.equals on a token hash. */
  public boolean hashMatches(String stored, String presented) {
    return stored.equals(presented);
  }

  /** Objects.equals, contentEquals and equalsIgnoreCase are the same thing in disguise. */
  public boolean codeMatches(String stored, StringBuilder presented) {
    return Objects.equals(stored, presented.toString()) || stored.contentEquals(presented)
        || stored.equalsIgnoreCase(presented.toString());
  }

  /** A method reference is a call too. */
  public BiPredicate<String, String> matcher() {
    return String::equals;
  }

  /** Arrays.mismatch tells where the bytes differ. */
  public int firstDifference(String stored, String presented) {
    return Arrays.mismatch(stored.getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8));
  }

  /** Owner ids are no secret: the fixture test allow-lists this one. */
  public boolean sameOwner(String owner, String other) {
    return owner.equals(other);
  }

  /** A nested class belongs to the class it is nested in. */
  public static final class Nested {
    /** String.equals inside a lambda inside a nested class. */
    public BiPredicate<String, String> matcher() {
      return (a, b) -> a.equals(b);
    }
  }
}
