package dev.latchkey.delivery;

import dev.latchkey.client.AddressScope;
import dev.latchkey.client.ClientLabels;
import dev.latchkey.common.Secret;
import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventListener;
import dev.latchkey.events.SecurityEventType;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security notices by email: a {@link SecurityEventListener} that tells an account's owner when
 * something happened that they should know about if it was not them — a sign-in from a new device,
 * a password changed or reset, a second factor turned off, a backup code used (with how many are
 * left), an API key created. Each {@link SecurityNotice} can be switched off; all are on by default.
 *
 * <pre>{@code
 * Latchkey latchkey = Latchkey.builder()
 *     ...
 *     .eventListener(SecurityNotifications.builder()
 *         .sender(smtpSender)
 *         .contacts(accountId -> users.findEmail(accountId))
 *         .disable(SecurityNotice.API_KEY_CREATED)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>No secret in a notice: events carry none (no code, token, key or hash), and a notice holds
 *       only its type's facts — when, the device and location in words ({@link ClientLabels}), the
 *       IP address, and the event's own descriptive details (the backup codes left, an API key's
 *       name and permission).
 *   <li>Plain text: every fact from outside (a key's name, a device label) has its control and
 *       format characters (line breaks, bidirectional overrides) replaced by spaces and is cut to
 *       {@value #MAX_FACT_LENGTH} characters, so it cannot forge extra lines or reorder the text. A
 *       sender that renders HTML must still escape it.
 *   <li>Never breaks the operation that recorded the event: the sender is
 *       {@linkplain MessageSender#guarded guarded}, a failing contact look-up is logged and the
 *       notice dropped, and Latchkey calls every listener through its own guard as well. A notice
 *       lost that way is logged (type and account, never the address).
 *   <li>Sent synchronously on the thread of the operation, as listeners are: use a sender that
 *       hands off quickly (or queues) when delivery can be slow.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class SecurityNotifications implements SecurityEventListener {
  /** The longest a fact from outside (a key name, a device label) is written: 80 characters. */
  public static final int MAX_FACT_LENGTH = 80;
  private static final Logger LOG = LoggerFactory.getLogger(SecurityNotifications.class);
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm z", Locale.ROOT);

  private final MessageSender sender;
  private final Function<String, Optional<String>> contacts;
  private final Set<SecurityNotice> enabled;
  private final Locale locale;
  private final ClientLabels labels;
  private final ZoneId zone;

  private SecurityNotifications(Builder b) {
    this.sender = MessageSender.guarded(Objects.requireNonNull(b.sender, "sender"));
    this.contacts = Objects.requireNonNull(b.contacts, "contacts");
    this.enabled = Set.copyOf(b.enabled);
    this.locale = b.locale;
    this.labels = b.labels;
    this.zone = b.zone;
  }

  /** A builder: every notice on, English, UTC, {@link ClientLabels#english()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The notices that are on. */
  public Set<SecurityNotice> enabled() {
    return enabled;
  }

  /** Sends the event's notice, when it has one that is on and the account has an address. */
  @Override
  public void onEvent(SecurityEvent event) {
    Objects.requireNonNull(event, "event");
    Optional<SecurityNotice> notice = noticeFor(event);
    if (notice.isEmpty() || !enabled.contains(notice.get())) {
      return;
    }
    Optional<String> address;
    try {
      address = contacts.apply(event.accountId());
    } catch (RuntimeException e) {
      LOG.warn("Contact look-up failed for account {}; {} notice not sent", event.accountId(),
          notice.get().code(), e);
      return;
    }
    Optional<String> to = address == null ? Optional.empty()
        : address.flatMap(Destinations::normalizeEmail);
    if (to.isEmpty()) {
      LOG.debug("Account {} has no usable email address; {} notice not sent", event.accountId(),
          notice.get().code());
      return;
    }
    Message message = Message.of(Channel.EMAIL, to.get(), notice.get().purpose(),
        Secret.of(facts(notice.get(), event)), locale);
    DeliveryResult result = sender.deliver(message);
    if (result instanceof DeliveryResult.Refused refused) {
      LOG.warn("{} notice for account {} was refused: {}", notice.get().code(),
          event.accountId(), refused.code());
    }
  }

  /** Which notice an event calls for, whether or not it is on. */
  static Optional<SecurityNotice> noticeFor(SecurityEvent event) {
    if (event.type() == SecurityEventType.SIGN_IN_SUCCEEDED && !event.suspicious()) {
      return Optional.empty();
    }
    for (SecurityNotice n : SecurityNotice.values()) {
      if (n.events().contains(event.type())) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /** The facts block: the notice's own lines, then when, device, location and address. */
  String facts(SecurityNotice notice, SecurityEvent event) {
    StringBuilder out = new StringBuilder();
    switch (notice) {
      case NEW_SIGN_IN -> line(out, "Signed in with", method(event.details().get("method")));
      case PASSWORD_CHANGED -> {
        if (event.type() == SecurityEventType.PASSWORD_SET) {
          line(out, "Change", "a password was added to the account");
        }
      }
      case TWO_FACTOR_DISABLED -> line(out, "Turned off",
          event.type() == SecurityEventType.TOTP_DISABLED
              ? "authenticator app (and its backup codes)"
              : "sign-in codes by " + ("sms".equals(event.details().get("channel")) ? "SMS"
                  : "email"));
      case BACKUP_CODE_USED -> line(out, "Backup codes left", event.details().get("remaining"));
      case API_KEY_CREATED -> {
        line(out, "Key name", event.details().get("key_name"));
        line(out, "Permission", event.details().get("permission"));
      }
      case PASSWORD_RESET -> { }
    }
    line(out, "When", WHEN.format(event.at().atZone(zone)));
    if (event.location().scope() != AddressScope.NONE) {
      line(out, "Device", labels.device(event.device()));
      line(out, "Location", labels.location(event.location()));
      line(out, "IP address", event.ipAddress());
    }
    return out.toString().stripTrailing();
  }

  private static String method(String code) {
    if (code == null) {
      return null;
    }
    return switch (code) {
      case "password" -> "password";
      case "totp" -> "authenticator app";
      case "backup_code" -> "backup code";
      case "sms" -> "code by SMS";
      case "email" -> "code by email";
      case "passkey" -> "passkey";
      default -> code; // a provider's name
    };
  }

  private static void line(StringBuilder out, String label, String value) {
    String v = plain(value);
    if (!v.isEmpty()) {
      out.append(label).append(": ").append(v).append('\n');
    }
  }

  /**
   * {@code value} as one line of plain text: control and format characters (line breaks,
   * bidirectional overrides, zero-width joiners) become spaces, runs of spaces one, at most
   * {@value #MAX_FACT_LENGTH} characters.
   */
  static String plain(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_FACT_LENGTH + 1));
    boolean space = false;
    for (int i = 0; i < value.length() && out.length() <= MAX_FACT_LENGTH;) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      boolean blank = Character.isWhitespace(cp) || Character.isSpaceChar(cp)
          || type == Character.CONTROL || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.SURROGATE || type == Character.UNASSIGNED
          || type == Character.PRIVATE_USE;
      if (blank) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.appendCodePoint(cp);
    }
    if (out.length() > MAX_FACT_LENGTH) {
      int cut = MAX_FACT_LENGTH - 1;
      if (Character.isLowSurrogate(out.charAt(cut))) {
        cut--;
      }
      out.setLength(cut);
      out.append('\u2026');
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "SecurityNotifications[enabled=" + enabled + ", locale=" + locale.toLanguageTag() + "]";
  }

  /** Collects the sender, the contact look-up and which notices are on. */
  public static final class Builder {
    private MessageSender sender;
    private Function<String, Optional<String>> contacts;
    private final Set<SecurityNotice> enabled = EnumSet.allOf(SecurityNotice.class);
    private Locale locale = Locale.ENGLISH;
    private ClientLabels labels = ClientLabels.english();
    private ZoneId zone = ZoneId.of("UTC");

    private Builder() {}

    /** Delivers the notices by email (required); guarded so it cannot throw. */
    public Builder sender(MessageSender value) {
      this.sender = Objects.requireNonNull(value, "sender");
      return this;
    }

    /**
     * The account's email address, from the host's users (required): empty when it has none (the
     * notice is then not sent). Must be thread-safe; an exception is logged and drops the notice.
     */
    public Builder contacts(Function<String, Optional<String>> value) {
      this.contacts = Objects.requireNonNull(value, "contacts");
      return this;
    }

    /** Switches notices off (all are on by default). */
    public Builder disable(SecurityNotice... notices) {
      for (SecurityNotice n : notices) {
        enabled.remove(Objects.requireNonNull(n, "notice"));
      }
      return this;
    }

    /** Switches notices (back) on. */
    public Builder enable(SecurityNotice... notices) {
      for (SecurityNotice n : notices) {
        enabled.add(Objects.requireNonNull(n, "notice"));
      }
      return this;
    }

    /** The language of the notices (default English; see {@link MessageTexts}). */
    public Builder locale(Locale value) {
      this.locale = Objects.requireNonNull(value, "locale");
      return this;
    }

    /** Words for devices and locations (default {@link ClientLabels#english()}). */
    public Builder labels(ClientLabels value) {
      this.labels = Objects.requireNonNull(value, "labels");
      return this;
    }

    /** The time zone the time is written in (default UTC). */
    public Builder zone(ZoneId value) {
      this.zone = Objects.requireNonNull(value, "zone");
      return this;
    }

    /** Builds it. @throws NullPointerException when the sender or the contacts are missing */
    public SecurityNotifications build() {
      return new SecurityNotifications(this);
    }
  }
}
