package dev.latchkey.delivery;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The plain-text wording of each {@link MessagePurpose}, per language, that the adapters put into
 * an email (subject and body) or an SMS (body). Placeholders: {@code {code}} (required in every
 * body: the code or link, or for a {@linkplain MessagePurpose#isNotice() notice} its lines of
 * facts; the link purposes say nothing of {@code {minutes}}, which is a code's lifetime),
 * {@code {app}} (the application's name) and {@code {minutes}} (how long a code works).
 *
 * <p>A language without its own text falls back to English, and a purpose without a text in the
 * chosen language to the English one, so rendering never fails for a message Latchkey makes.
 * {@link #english(String)} has every purpose in English; add languages with {@link Builder#put}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MessageTexts {
  /** A subject and a body, with placeholders. */
  private record Text(String subject, String body) {}

  private final Map<String, Map<MessagePurpose, Text>> byLanguage;
  private final String app;
  private final int minutes;

  private MessageTexts(Builder b) {
    Map<String, Map<MessagePurpose, Text>> copy = new HashMap<>();
    b.byLanguage.forEach((lang, texts) -> copy.put(lang, Map.copyOf(texts)));
    this.byLanguage = Map.copyOf(copy);
    this.app = b.app;
    this.minutes = b.minutes;
  }

  /** English texts for every purpose, naming the application {@code appName}. */
  public static MessageTexts english(String appName) {
    return builder(appName).build();
  }

  /** A builder that starts with the English texts, naming the application {@code appName}. */
  public static Builder builder(String appName) {
    return new Builder(appName);
  }

  /** The subject of an email for {@code message}, placeholders filled (no code in it). */
  public String subject(Message message) {
    Objects.requireNonNull(message, "message");
    return fill(text(message).subject(), null);
  }

  /** The body for {@code message}: the only place the code is written into text. */
  public String body(Message message) {
    Objects.requireNonNull(message, "message");
    return fill(text(message).body(), message.content().reveal());
  }

  private Text text(Message message) {
    Map<MessagePurpose, Text> texts = byLanguage.get(message.locale().getLanguage());
    Text t = texts == null ? null : texts.get(message.purpose());
    return t != null ? t : byLanguage.get("en").get(message.purpose());
  }

  private String fill(String template, String code) {
    String out = template.replace("{app}", app).replace("{minutes}", String.valueOf(minutes));
    // The code last, so a code can never be read as a placeholder.
    return code == null ? out : out.replace("{code}", code);
  }

  @Override
  public String toString() {
    return "MessageTexts[app=" + app + ", languages=" + byLanguage.keySet() + "]";
  }

  /** Collects texts; starts with English for every purpose. */
  public static final class Builder {
    private final Map<String, Map<MessagePurpose, Text>> byLanguage = new HashMap<>();
    private final String app;
    private int minutes = 10;

    private Builder(String appName) {
      Objects.requireNonNull(appName, "appName");
      if (appName.isBlank() || appName.length() > 64 || appName.contains("{")) {
        throw new IllegalArgumentException(
            "Invalid appName; must be 1 to 64 characters without '{'");
      }
      this.app = appName;
      Map<MessagePurpose, Text> en = new EnumMap<>(MessagePurpose.class);
      en.put(MessagePurpose.SIGN_IN_CODE, new Text("Your {app} sign-in code",
          "{code} is your {app} sign-in code. It expires in {minutes} minutes. If you did not"
              + " try to sign in, change your password."));
      en.put(MessagePurpose.ENROLMENT_CODE, new Text("Confirm your {app} security settings",
          "{code} is your {app} confirmation code. It expires in {minutes} minutes. If you did"
              + " not ask for it, ignore this message."));
      en.put(MessagePurpose.PASSWORD_RESET_CODE, new Text("Your {app} password reset code",
          "{code} is your {app} password reset code. It expires in {minutes} minutes. If you did"
              + " not ask to reset your password, ignore this message and keep your phone safe."));
      en.put(MessagePurpose.PASSWORD_RESET_LINK, new Text("Reset your {app} password",
          "Someone (hopefully you) asked to reset the password of your {app} account. To choose"
              + " a new password, open this link: {code}\n\nThe link works once and expires soon."
              + " If you did not ask for it, ignore this message: your password stays as it is."));
      en.put(MessagePurpose.EMAIL_VERIFICATION_LINK, new Text("Confirm your email address for {app}",
          "To confirm this address for your new {app} account, open this link: {code}\n\nIf you"
              + " did not sign up, ignore this message."));
      en.put(MessagePurpose.SIGN_UP_ATTEMPT, new Text("Someone tried to sign up to {app} with"
              + " your address",
          "Someone tried to create a {app} account with this email address, but you already have"
              + " one. Sign in here: {code}\n\nIf you forgot your password, choose \"Forgot"
              + " password?\" there. If it was not you, ignore this message."));
      en.put(MessagePurpose.EMAIL_CHANGE_LINK, new Text("Confirm your new {app} email address",
          "To make this the email address of your {app} account, open this link: {code}\n\nIf"
              + " you did not ask for it, ignore this message."));
      en.put(MessagePurpose.EMAIL_CHANGED, new Text("Your {app} email address was changed",
          "The email address of your {app} account was changed to another address. If you did"
              + " not do this, open this link to undo the change and sign out every device: {code}"));
      // Notices: {code} is the facts block SecurityNotifications writes (when, device, where…).
      String notMe = " If this was not you, reset your password now and review Settings →"
          + " Security (sessions, two-factor authentication, API keys).";
      en.put(MessagePurpose.NEW_SIGN_IN_NOTICE, new Text("New sign-in to your {app} account",
          "Your {app} account was signed in to from a device or place it has not been used from"
              + " before.\n\n{code}\n\nIf this was you, there is nothing to do." + notMe));
      en.put(MessagePurpose.PASSWORD_CHANGED_NOTICE, new Text("Your {app} password was changed",
          "The password of your {app} account was changed.\n\n{code}\n\nIf this was you, there"
              + " is nothing to do." + notMe));
      en.put(MessagePurpose.PASSWORD_RESET_NOTICE, new Text("Your {app} password was reset",
          "The password of your {app} account was reset, and every session was signed out.\n\n"
              + "{code}\n\nIf this was you, there is nothing to do." + notMe));
      en.put(MessagePurpose.TWO_FACTOR_DISABLED_NOTICE, new Text(
          "Two-factor authentication was turned off for {app}",
          "A second factor of your {app} account was turned off, so signing in asks for less"
              + " now.\n\n{code}\n\nIf this was you, consider turning on an authenticator app"
              + " again." + notMe));
      en.put(MessagePurpose.BACKUP_CODE_USED_NOTICE, new Text("A {app} backup code was used",
          "One of your {app} backup codes was used to sign in or confirm an action; it will not"
              + " work again.\n\n{code}\n\nWhen few are left, make new ones in Settings →"
              + " Security." + notMe));
      en.put(MessagePurpose.API_KEY_CREATED_NOTICE, new Text("A new {app} API key was created",
          "An API key was created for your {app} account.\n\n{code}\n\nIf this was you, there"
              + " is nothing to do. If not, revoke it in Settings → Security → API keys." + notMe));
      byLanguage.put("en", en);
    }

    /** How many minutes a code works, for {@code {minutes}} (default 10). */
    public Builder codeMinutes(int value) {
      if (value < 1 || value > 1440) {
        throw new IllegalArgumentException("Invalid codeMinutes " + value
            + "; must be between 1 and 1440");
      }
      this.minutes = value;
      return this;
    }

    /**
     * Sets the text of a purpose in a language (its {@link Locale#getLanguage()}).
     *
     * @param subject the email subject (SMS adapters ignore it); must not contain {@code {code}}
     * @param body the text; must contain {@code {code}}
     */
    public Builder put(Locale language, MessagePurpose purpose, String subject, String body) {
      Objects.requireNonNull(language, "language");
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(body, "body");
      if (!body.contains("{code}")) {
        throw new IllegalArgumentException("Invalid body for " + purpose.code()
            + "; must contain {code}");
      }
      if (subject.contains("{code}") || subject.contains("\n") || subject.contains("\r")) {
        throw new IllegalArgumentException("Invalid subject for " + purpose.code()
            + "; must be one line without {code}");
      }
      byLanguage.computeIfAbsent(language.getLanguage(), l -> new EnumMap<>(MessagePurpose.class))
          .put(purpose, new Text(subject, body));
      return this;
    }

    /** Builds the texts. */
    public MessageTexts build() {
      return new MessageTexts(this);
    }
  }
}
