package dev.latchkey.password;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The outcome of {@link PasswordPolicy#validate}: valid, or the list of every rule the password
 * broke.
 *
 * <p>Only a policy can make one (the constructor is package-private), so a {@code
 * PasswordValidation} in hand is the record of a real check. Violations come in a fixed order (the
 * declaration order of {@link PasswordViolation.Code}), at most one per code except {@link
 * PasswordViolation.Code#CONTAINS_CONTEXT_WORD}, which appears once per kind of word found. Nothing
 * in it repeats the password, so it is safe to log and to return to the client.
 */
public final class PasswordValidation {
  private final List<PasswordViolation> violations;

  PasswordValidation(List<PasswordViolation> violations) {
    this.violations = Collections.unmodifiableList(new ArrayList<>(violations));
  }

  /** Whether the password broke no rule. */
  public boolean isValid() {
    return violations.isEmpty();
  }

  /** Every broken rule, in the order of {@link PasswordViolation.Code}; empty when valid. */
  public List<PasswordViolation> violations() {
    return violations;
  }

  /** The codes of {@link #violations()}, without repeats. */
  public Set<PasswordViolation.Code> codes() {
    Set<PasswordViolation.Code> codes = EnumSet.noneOf(PasswordViolation.Code.class);
    violations.forEach(v -> codes.add(v.code()));
    return Collections.unmodifiableSet(codes);
  }

  /** Whether some violation has this code. */
  public boolean has(PasswordViolation.Code code) {
    return violations.stream().anyMatch(v -> v.code() == code);
  }

  /**
   * The violations as messages, one per violation, in order.
   *
   * @param messages the resolver, e.g. {@link PasswordMessages#english()}
   */
  public List<String> messages(PasswordMessages messages) {
    Objects.requireNonNull(messages, "messages");
    List<String> out = new ArrayList<>(violations.size());
    violations.forEach(v -> out.add(messages.resolve(v)));
    return Collections.unmodifiableList(out);
  }

  /** Equal when the violations are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PasswordValidation
        && violations.equals(((PasswordValidation) o).violations);
  }

  /** Consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return violations.hashCode();
  }

  /** The violations; never the password. */
  @Override
  public String toString() {
    return isValid() ? "PasswordValidation[valid]" : "PasswordValidation" + violations;
  }
}
