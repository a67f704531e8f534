package dev.latchkey.password;

import java.util.Map;

/**
 * Turns a {@link PasswordViolation} into a sentence for the user. Kept apart from validation (as
 * Passay keeps its {@code MessageResolver} apart from its rules), so the policy deals only in
 * stable codes and the host decides wording and language.
 *
 * <p>{@link #english()} is the default. {@link #fromTemplates(Map)} takes a host's translations,
 * one template per {@linkplain PasswordViolation.Code#code() code}, and falls back to English for
 * whatever it lacks. A host needing plural rules or message bundles implements this interface.
 *
 * <p>The resolvers here never throw and never return {@code null} or a blank string: an unexpected
 * violation (a missing parameter, an unknown word kind, even {@code null}) gets a generic sentence.
 * They are immutable and thread-safe.
 */
@FunctionalInterface
public interface PasswordMessages {

  /**
   * The message for one violation.
   *
   * @return a sentence for the user, which never contains the password
   */
  String resolve(PasswordViolation violation);

  /**
   * The built-in English messages, in the imperative voice of a sign-up form: "Use at least 8
   * characters.", "Add an uppercase letter.", "This password is too common. Choose a less common
   * password."
   */
  static PasswordMessages english() {
    return EnglishPasswordMessages.INSTANCE;
  }

  /**
   * Messages from templates, falling back to {@link #english()}.
   *
   * @see #fromTemplates(Map, PasswordMessages)
   */
  static PasswordMessages fromTemplates(Map<String, String> templates) {
    return fromTemplates(templates, english());
  }

  /**
   * Messages from templates keyed by code ({@code "too_short"}), with placeholders naming
   * parameters in braces: {@code "Mindestens {min_length} Zeichen verwenden."}. A violation whose
   * code has no template, or whose template names a parameter the violation lacks, is resolved by
   * {@code fallback}; if the fallback throws or returns nothing, by {@link #english()}. Keys that
   * are not codes are ignored, so a map may carry templates for codes a later version adds. An
   * opening brace without a closing one is kept as text.
   *
   * @param templates code to template; copied
   * @param fallback the resolver for what the templates cannot do
   * @throws NullPointerException if an argument, key or template is null
   */
  static PasswordMessages fromTemplates(Map<String, String> templates, PasswordMessages fallback) {
    return new TemplatePasswordMessages(templates, fallback);
  }
}
