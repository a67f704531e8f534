package dev.latchkey.totp;

import dev.latchkey.internal.Text;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable authenticator-app options. Only the issuer (the name shown in the user's app) has no
 * default:
 *
 * <pre>{@code TotpSettings settings = TotpSettings.builder().issuer("Latchkey Demo").build();}</pre>
 *
 * <p>The defaults (SHA-1, 6 digits, 30 seconds) are what every authenticator app supports; other
 * values are ignored by some apps (Google Authenticator long ignored {@code algorithm} and
 * {@code digits}), so change them only when you know your users' apps.
 */
public final class TotpSettings {
  /** HMAC-SHA-1, the RFC 6238 default every app supports. */
  public static final Algorithm DEFAULT_ALGORITHM = Algorithm.SHA1;
  /** Code length: 6. */
  public static final int DEFAULT_DIGITS = 6;
  /** Time step: 30 seconds (RFC 6238's recommendation). */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(30);
  /** Shortest accepted time step: 15 seconds. */
  public static final Duration MIN_PERIOD = Duration.ofSeconds(15);
  /** Longest accepted time step: 120 seconds. */
  public static final Duration MAX_PERIOD = Duration.ofSeconds(120);
  /**
   * Steps accepted either side of the current one for clock drift and typing time: 1 (RFC 6238
   * §5.2 recommends at most one step of network delay).
   */
  public static final int DEFAULT_WINDOW = 1;
  /** The widest window allowed: 3 steps either side. */
  public static final int MAX_WINDOW = 3;
  /** QR code edge in pixels: 256. */
  public static final int DEFAULT_QR_SIZE = 256;
  /** Smallest QR edge: 64 pixels. */
  public static final int MIN_QR_SIZE = 64;
  /** Largest QR edge: 1024 pixels. */
  public static final int MAX_QR_SIZE = 1024;
  /** QR error correction: M (15 % of the code may be damaged). */
  public static final QrErrorCorrection DEFAULT_QR_ERROR_CORRECTION = QrErrorCorrection.M;
  /** Longest issuer: 100 characters. */
  public static final int MAX_ISSUER_LENGTH = 100;

  private final Algorithm algorithm;
  private final int digits;
  private final Duration period;
  private final int window;
  private final String issuer;
  private final int qrSize;
  private final QrErrorCorrection qrErrorCorrection;

  private TotpSettings(Builder b) {
    this.algorithm = b.algorithm;
    this.digits = b.digits;
    this.period = b.period;
    this.window = b.window;
    this.issuer = b.issuer;
    this.qrSize = b.qrSize;
    this.qrErrorCorrection = b.qrErrorCorrection;
  }

  /** A builder with every default set and no issuer. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults with {@code issuer}. */
  public static TotpSettings withIssuer(String issuer) {
    return builder().issuer(issuer).build();
  }

  /** The HMAC algorithm. */
  public Algorithm algorithm() {
    return algorithm;
  }

  /** Digits per code: 6 or 8. */
  public int digits() {
    return digits;
  }

  /** The time step. */
  public Duration period() {
    return period;
  }

  /** Steps accepted either side of the current one. */
  public int window() {
    return window;
  }

  /** The service name shown in authenticator apps. */
  public String issuer() {
    return issuer;
  }

  /** The QR code edge in pixels. */
  public int qrSize() {
    return qrSize;
  }

  /** The QR error-correction level. */
  public QrErrorCorrection qrErrorCorrection() {
    return qrErrorCorrection;
  }

  /**
   * Whether the key URI for {@code accountName} under these settings fits a QR code at the
   * configured error-correction level. The secret's value does not change the URI's length or
   * encoding, so a placeholder of the secret's length stands in for it.
   */
  boolean fitsQrCode(String accountName) {
    String uri = OtpAuthUri.build(issuer, accountName,
        "A".repeat((TotpEnroller.SECRET_BYTES * 8 + 4) / 5), algorithm, digits, period.getSeconds());
    return QrCodes.fits(uri, qrErrorCorrection);
  }

  @Override
  public String toString() {
    return "TotpSettings[issuer=" + issuer + ", algorithm=" + algorithm + ", digits=" + digits
        + ", period=" + period + ", window=" + window + ", qrSize=" + qrSize
        + ", qrErrorCorrection=" + qrErrorCorrection + "]";
  }

  /** The HMAC behind the codes. */
  public enum Algorithm {
    /** HMAC-SHA-1: the default and the only one every app supports. */
    SHA1("HmacSHA1"),
    /** HMAC-SHA-256. */
    SHA256("HmacSHA256"),
    /** HMAC-SHA-512. */
    SHA512("HmacSHA512");

    private final String jcaName;

    Algorithm(String jcaName) {
      this.jcaName = jcaName;
    }

    /** The JCA {@code Mac} name. */
    String jcaName() {
      return jcaName;
    }
  }

  /** QR error-correction levels: how much of the symbol may be damaged and still read. */
  public enum QrErrorCorrection {
    /** About 7 %. */
    L,
    /** About 15 %. */
    M,
    /** About 25 %. */
    Q,
    /** About 30 %. */
    H
  }

  /** Builds {@link TotpSettings}; {@link #build()} rejects missing or out-of-range values. */
  public static final class Builder {
    private Algorithm algorithm = DEFAULT_ALGORITHM;
    private int digits = DEFAULT_DIGITS;
    private Duration period = DEFAULT_PERIOD;
    private int window = DEFAULT_WINDOW;
    private String issuer;
    private int qrSize = DEFAULT_QR_SIZE;
    private QrErrorCorrection qrErrorCorrection = DEFAULT_QR_ERROR_CORRECTION;

    private Builder() {}

    /** The service name shown in authenticator apps (required; 1 to 100 characters). */
    public Builder issuer(String value) {
      this.issuer = Objects.requireNonNull(value, "issuer");
      return this;
    }

    /** The HMAC algorithm (default SHA-1). */
    public Builder algorithm(Algorithm value) {
      this.algorithm = Objects.requireNonNull(value, "algorithm");
      return this;
    }

    /** Digits per code: 6 (default) or 8. */
    public Builder digits(int value) {
      this.digits = value;
      return this;
    }

    /** The time step: whole seconds, 15 to 120 (default 30). */
    public Builder period(Duration value) {
      this.period = Objects.requireNonNull(value, "period");
      return this;
    }

    /** Steps accepted either side of the current one: 0 to 3 (default 1). */
    public Builder window(int value) {
      this.window = value;
      return this;
    }

    /** QR code edge in pixels: 64 to 1024 (default 256). */
    public Builder qrSize(int value) {
      this.qrSize = value;
      return this;
    }

    /** QR error-correction level (default M). */
    public Builder qrErrorCorrection(QrErrorCorrection value) {
      this.qrErrorCorrection = Objects.requireNonNull(value, "qrErrorCorrection");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the value and the allowed range, or when the issuer
     *     is so long once percent-encoded that no key URI with it would fit a QR code at the
     *     chosen error-correction level
     * @throws IllegalStateException when no issuer was set
     */
    public TotpSettings build() {
      if (issuer == null) {
        throw new IllegalStateException(
            "No TOTP issuer: call issuer(...) with the name users see in their authenticator app");
      }
      if (issuer.isBlank() || issuer.length() > MAX_ISSUER_LENGTH || !wellFormed(issuer)) {
        throw new IllegalArgumentException("Invalid issuer of length " + issuer.length()
            + "; must be 1 to " + MAX_ISSUER_LENGTH
            + " characters of well-formed text, not blank, without control characters");
      }
      if (digits != 6 && digits != 8) {
        throw new IllegalArgumentException("Invalid digits " + digits + "; only 6 or 8 are allowed");
      }
      if (period.compareTo(MIN_PERIOD) < 0 || period.compareTo(MAX_PERIOD) > 0
          || period.getNano() != 0) {
        throw new IllegalArgumentException("Invalid period " + period
            + "; must be whole seconds between " + MIN_PERIOD + " and " + MAX_PERIOD);
      }
      if (window < 0 || window > MAX_WINDOW) {
        throw new IllegalArgumentException(
            "Invalid window " + window + "; must be between 0 and " + MAX_WINDOW + " steps");
      }
      if (qrSize < MIN_QR_SIZE || qrSize > MAX_QR_SIZE) {
        throw new IllegalArgumentException("Invalid qrSize " + qrSize + "; must be between "
            + MIN_QR_SIZE + " and " + MAX_QR_SIZE + " pixels");
      }
      TotpSettings settings = new TotpSettings(this);
      // The issuer appears twice in every key URI; percent-encoding makes a character up to 12.
      if (!settings.fitsQrCode("a")) {
        throw new IllegalArgumentException("Invalid issuer of length " + issuer.length()
            + "; its key URI would not fit a QR code at error correction level "
            + qrErrorCorrection + ": use a shorter issuer or a lower level");
      }
      return settings;
    }
  }

  /** No unpaired surrogates (they cannot be UTF-8 encoded) and no control characters. */
  static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return false;
      }
    }
    return Text.isWellFormedUtf16(s);
  }
}
