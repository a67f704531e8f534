package dev.latchkey.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * A freshly issued set of backup codes in plaintext, to show the user once (and offer as a
 * download). Only their keyed hashes are stored; once this object is gone, the codes cannot be
 * recovered.
 *
 * <p>Not a record: {@link #toString()} never prints a code, and there is no {@code equals}.
 */
public final class BackupCodeSet {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private final List<String> codes;
  private final Instant generatedAt;

  BackupCodeSet(List<String> codes, Instant generatedAt) {
    this.codes = List.copyOf(codes);
    this.generatedAt = Objects.requireNonNull(generatedAt, "generatedAt");
  }

  /** The codes, grouped for display ({@code 7kq3-xm9p-2bw4-hr6t}), in issue order. */
  public List<String> codes() {
    return codes;
  }

  /** How many codes the set has. */
  public int size() {
    return codes.size();
  }

  /** When the set was issued. */
  public Instant generatedAt() {
    return generatedAt;
  }

  /**
   * The downloadable text file: a heading naming the account and the date (UTC), the numbered
   * codes, and advice on keeping them. Lines end with {@code \n}.
   */
  public String asText(String accountName, Instant generatedAt) {
    Objects.requireNonNull(accountName, "accountName");
    Objects.requireNonNull(generatedAt, "generatedAt");
    StringBuilder out = new StringBuilder(64 + codes.size() * 24 + 400);
    out.append("Latchkey backup codes for ").append(accountName)
        .append(", generated ").append(DATE.format(generatedAt)).append("\n\n");
    int width = String.valueOf(codes.size()).length();
    for (int i = 0; i < codes.size(); i++) {
      String n = String.valueOf(i + 1);
      out.append(" ".repeat(width - n.length())).append(n).append(". ").append(codes.get(i))
          .append('\n');
    }
    out.append('\n')
        .append("Each code can be used once, instead of a code from your authenticator app.\n")
        .append("Keep them somewhere safe and private, such as a password manager.\n")
        .append("Generating new codes makes all of these stop working.\n");
    return out.toString();
  }

  /** The size only; never a code. */
  @Override
  public String toString() {
    return "BackupCodeSet[" + codes.size() + " codes, redacted]";
  }
}
