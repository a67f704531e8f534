package dev.latchkey.totp;

import dev.latchkey.common.Secret;
import java.util.Base64;

/**
 * A begun enrolment: everything the "set up your authenticator app" screen shows. The secret is
 * stored encrypted and pending; it becomes active when {@link TotpEnroller#confirm} receives a
 * code computed from it.
 *
 * <p>Every view here contains the secret (the URI and QR codes embed it): send them to the user
 * and nowhere else. Not a record: {@link #toString()} is redacted and there is no {@code equals}.
 */
public final class TotpEnrollment {
  private final String accountName;
  private final TotpSettings settings;
  private final String base32Secret;
  private final String uri;

  TotpEnrollment(String accountName, TotpSettings settings, String base32Secret) {
    this.accountName = accountName;
    this.settings = settings;
    this.base32Secret = base32Secret;
    this.uri = OtpAuthUri.build(settings.issuer(), accountName, base32Secret, settings.algorithm(),
        settings.digits(), settings.period().getSeconds());
  }

  /** The account name shown in the app (the label after the issuer). */
  public String accountName() {
    return accountName;
  }

  /** The issuer shown in the app. */
  public String issuer() {
    return settings.issuer();
  }

  /** The shared secret in RFC 4648 Base32 without padding (32 characters), for manual entry. */
  public Secret secret() {
    return Secret.of(base32Secret);
  }

  /** The secret in groups of four for reading aloud or typing: {@code ABCD EFGH …}. */
  public String groupedSecret() {
    StringBuilder out = new StringBuilder(base32Secret.length() + base32Secret.length() / 4);
    for (int i = 0; i < base32Secret.length(); i++) {
      if (i > 0 && i % 4 == 0) {
        out.append(' ');
      }
      out.append(base32Secret.charAt(i));
    }
    return out.toString();
  }

  /**
   * The key URI authenticator apps import:
   * {@code otpauth://totp/{Issuer}:{account}?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30},
   * label parts and issuer percent-encoded (RFC 3986, UTF-8).
   */
  public String otpauthUri() {
    return uri;
  }

  /** The URI as a QR code PNG of the configured size; rendered locally on each call. */
  public byte[] qrPng() {
    return QrCodes.png(uri, settings.qrSize(), settings.qrErrorCorrection());
  }

  /** The URI as a standalone SVG document of the configured size; rendered on each call. */
  public String qrSvg() {
    return QrCodes.svg(uri, settings.qrSize(), settings.qrErrorCorrection());
  }

  /** The PNG as a {@code data:image/png;base64,…} URI, ready for an {@code <img src>}. */
  public String qrDataUri() {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(qrPng());
  }

  /** Never the secret. */
  @Override
  public String toString() {
    return "TotpEnrollment[issuer=" + settings.issuer() + ", accountName=" + accountName
        + ", secret=redacted]";
  }
}
