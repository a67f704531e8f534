package dev.latchkey.password;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@link PasswordMessages#fromTemplates(Map, PasswordMessages)}: a host's templates first, then its
 * fallback, then English. The last step cannot fail, so neither can this resolver, whatever the
 * fallback does.
 */
final class TemplatePasswordMessages implements PasswordMessages {
  private final Map<String, String> templates;
  private final PasswordMessages fallback;

  TemplatePasswordMessages(Map<String, String> templates, PasswordMessages fallback) {
    Objects.requireNonNull(templates, "templates");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    Map<String, String> copy = new HashMap<>();
    templates.forEach(
        (code, template) ->
            copy.put(
                Objects.requireNonNull(code, "template key"),
                Objects.requireNonNull(template, "template for " + code)));
    this.templates = Map.copyOf(copy);
  }

  @Override
  public String resolve(PasswordViolation violation) {
    if (violation != null && violation.code() != null) {
      String template = templates.get(violation.code().code());
      if (template != null) {
        String filled = fill(template, violation.parameters());
        if (filled != null) {
          return filled;
        }
      }
    }
    return fallback(violation);
  }

  @Override
  public String toString() {
    return "PasswordMessages.fromTemplates[" + templates.keySet() + ", fallback=" + fallback + "]";
  }

  private String fallback(PasswordViolation violation) {
    try {
      String message = fallback.resolve(violation);
      if (message != null && !message.isBlank()) {
        return message;
      }
    } catch (RuntimeException misbehavingFallback) {
      // A host resolver must not turn a rejected password into a server error; English it is.
    }
    return EnglishPasswordMessages.INSTANCE.resolve(violation);
  }

  /**
   * The template with each {@code {name}} replaced by the parameter's value, or {@code null} if it
   * names a parameter the violation does not have. A brace that does not close is text.
   */
  static String fill(String template, Map<String, Object> parameters) {
    StringBuilder out = new StringBuilder(template.length() + 16);
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      int close = open < 0 ? -1 : template.indexOf('}', open + 1);
      if (open < 0 || close < 0) {
        out.append(template, i, template.length());
        break;
      }
      out.append(template, i, open);
      Object value = parameters.get(template.substring(open + 1, close));
      if (value == null) {
        return null;
      }
      out.append(value);
      i = close + 1;
    }
    String filled = out.toString();
    return filled.isBlank() ? null : filled;
  }
}
