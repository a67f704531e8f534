package dev.latchkey.archfixture.compare;

import java.security.MessageDigest;

/**
 * Compares in constant time but is not in the rule's list, so an {@code equals} added here later
 * would go unnoticed: a violation.
 */
public final class UnlistedComparison {
  /** A comparison site the list does not know about. */
  public boolean tagMatches(byte[] expected, byte[] actual) {
    return MessageDigest.isEqual(expected, actual);
  }
}
