package dev.latchkey.limits;

import dev.latchkey.spi.AttemptRecord;

/**
 * What counting one attempt against one subject did: the counter before (empty or forgotten:
 * {@code null}) and after, so the unit can be given back exactly; or the lock that refused it.
 *
 * @param subject the counter's subject ({@code account:…}, {@code device:…}, {@code client:…})
 * @param before the live counter the attempt replaced, or {@code null}
 * @param after the counter the attempt wrote, or {@code null} when refused
 * @param locked the lock that refused the attempt, or {@code null} when it was counted
 */
record Counted(String subject, AttemptRecord before, AttemptRecord after,
    AttemptDecision.Locked locked) {

  static Counted wrote(String subject, AttemptRecord before, AttemptRecord after) {
    return new Counted(subject, before, after, null);
  }

  static Counted refused(String subject, AttemptDecision.Locked locked) {
    return new Counted(subject, null, null, locked);
  }

  boolean permitted() {
    return locked == null;
  }
}
