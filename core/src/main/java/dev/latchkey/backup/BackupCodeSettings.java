package dev.latchkey.backup;

/**
 * Immutable backup-code options. {@link #defaults()} issues {@value #DEFAULT_COUNT} codes per set.
 */
public final class BackupCodeSettings {
  /** Codes per set unless configured: 10. */
  public static final int DEFAULT_COUNT = 10;
  /** The fewest codes a set may have: 5. */
  public static final int MIN_COUNT = 5;
  /** The most codes a set may have: 20. */
  public static final int MAX_COUNT = 20;

  private static final BackupCodeSettings DEFAULTS = builder().build();

  private final int count;

  private BackupCodeSettings(Builder b) {
    this.count = b.count;
  }

  /** The default settings. */
  public static BackupCodeSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** How many codes a set has. */
  public int count() {
    return count;
  }

  @Override
  public String toString() {
    return "BackupCodeSettings[count=" + count + "]";
  }

  /** Builds {@link BackupCodeSettings}; {@link #build()} rejects out-of-range values. */
  public static final class Builder {
    private int count = DEFAULT_COUNT;

    private Builder() {}

    /** Sets how many codes a set has ({@value #MIN_COUNT} to {@value #MAX_COUNT}). */
    public Builder count(int value) {
      this.count = value;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the value and the allowed range
     */
    public BackupCodeSettings build() {
      if (count < MIN_COUNT || count > MAX_COUNT) {
        throw new IllegalArgumentException("Invalid backup code count " + count
            + "; must be between " + MIN_COUNT + " and " + MAX_COUNT);
      }
      return new BackupCodeSettings(this);
    }
  }
}
