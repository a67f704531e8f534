package dev.latchkey.apikey;

import dev.latchkey.internal.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What to create: name, permission, custom scopes, environment and optional expiry. Immutable.
 *
 * <pre>{@code
 * ApiKeySpec spec = ApiKeySpec.builder()
 *     .name("CI deploys")
 *     .permission(Permission.READ_WRITE)
 *     .scopes("messages:send")
 *     .build();
 * }</pre>
 *
 * <p>The builder checks what it can on its own ({@link Builder#violations()} lists stable codes for a
 * 422 answer; {@link Builder#build()} throws on the first). The environment and the expiry are checked
 * by {@link ApiKeyService#create} against its settings and its clock.
 */
public final class ApiKeySpec {
  /** The longest name, in Unicode code points (after trimming). */
  public static final int MAX_NAME_LENGTH = 100;
  /** The most custom scopes on one key. */
  public static final int MAX_SCOPES = 20;
  /** The longest custom scope, in characters. */
  public static final int MAX_SCOPE_LENGTH = 100;
  /** The syntax of a custom scope, e.g. {@code messages:send} or {@code billing:*}. */
  public static final String SCOPE_SYNTAX = "[a-z][a-z0-9_.-]*(:[a-z0-9_.*-]+)*";

  static final Pattern SCOPE = Pattern.compile(SCOPE_SYNTAX);

  private final String name;
  private final Permission permission;
  private final SortedSet<String> scopes;
  private final String environment;
  private final Instant expiresAt;

  private ApiKeySpec(String name, Permission permission, SortedSet<String> scopes,
      String environment, Instant expiresAt) {
    this.name = name;
    this.permission = permission;
    this.scopes = scopes;
    this.environment = environment;
    this.expiresAt = expiresAt;
  }

  /** A builder: permission {@link Permission#READ_ONLY}, no scopes, default environment, no expiry. */
  public static Builder builder() {
    return new Builder();
  }

  /** The name, trimmed. */
  public String name() {
    return name;
  }

  /** The permission. */
  public Permission permission() {
    return permission;
  }

  /** The custom scopes, sorted, unmodifiable (possibly empty). */
  public Set<String> scopes() {
    return scopes;
  }

  /** The environment, or {@code null} for the settings' default environment. */
  public String environment() {
    return environment;
  }

  /** The expiry, or {@code null} for a key that does not expire. */
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public String toString() {
    return "ApiKeySpec[name=" + name + ", permission=" + permission.code() + ", scopes=" + scopes
        + ", environment=" + environment + ", expiresAt=" + expiresAt + "]";
  }

  /** Whether {@code scope} is a syntactically valid custom scope (not a permission code). */
  static boolean validScope(String scope) {
    return scope != null && scope.length() <= MAX_SCOPE_LENGTH && SCOPE.matcher(scope).matches()
        && Permission.fromCode(scope).isEmpty();
  }

  /** Why a spec cannot be built. Codes are stable. */
  public enum Violation {
    /** No name, or only whitespace. */
    NAME_EMPTY("name_empty", "name must not be empty"),
    /** Longer than {@link #MAX_NAME_LENGTH} code points after trimming. */
    NAME_TOO_LONG("name_too_long", "name must be at most " + MAX_NAME_LENGTH + " characters"),
    /**
     * Control, line-separator, bidirectional-override or unpaired surrogate characters: they would
     * break a one-line list or let a name display differently from what it is.
     */
    NAME_INVALID_CHARACTERS("name_invalid_characters",
        "name must not contain control or bidirectional-formatting characters"),
    /** A scope does not match {@link #SCOPE_SYNTAX}, is too long, or is a permission code. */
    SCOPE_INVALID("scope_invalid",
        "scopes must match " + SCOPE_SYNTAX + ", be at most " + MAX_SCOPE_LENGTH
            + " characters and not be a permission code"),
    /** More than {@link #MAX_SCOPES} scopes. */
    TOO_MANY_SCOPES("too_many_scopes", "at most " + MAX_SCOPES + " scopes");

    private final String code;
    private final String message;

    Violation(String code, String message) {
      this.code = code;
      this.message = message;
    }

    /** The stable code. */
    public String code() {
      return code;
    }

    /** A short English explanation (no user input in it). */
    public String message() {
      return message;
    }
  }

  /** Collects the fields; not thread-safe, build once. */
  public static final class Builder {
    private String name;
    private Permission permission = Permission.READ_ONLY;
    private final List<String> scopes = new ArrayList<>();
    private String environment;
    private Instant expiresAt;

    private Builder() {}

    /** The display name: 1 to 100 characters after trimming, no control characters. */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** The permission; the default is {@link Permission#READ_ONLY} (least privilege). */
    public Builder permission(Permission value) {
      this.permission = Objects.requireNonNull(value, "permission");
      return this;
    }

    /** Adds custom scopes (see {@link ApiKeySpec#SCOPE_SYNTAX}); duplicates collapse. */
    public Builder scopes(String... values) {
      Objects.requireNonNull(values, "scopes");
      Collections.addAll(scopes, values);
      return this;
    }

    /** Adds custom scopes (see {@link ApiKeySpec#SCOPE_SYNTAX}); duplicates collapse. */
    public Builder scopes(Collection<String> values) {
      scopes.addAll(Objects.requireNonNull(values, "scopes"));
      return this;
    }

    /** The environment (one of the settings' names); {@code null} means the default. */
    public Builder environment(String value) {
      this.environment = value;
      return this;
    }

    /** When the key stops working (must be in the future at creation); {@code null} for never. */
    public Builder expiresAt(Instant value) {
      this.expiresAt = value;
      return this;
    }

    /** Everything wrong with the fields so far, in declaration order; empty when valid. */
    public List<Violation> violations() {
      List<Violation> out = new ArrayList<>();
      String trimmed = name == null ? "" : name.strip();
      if (trimmed.isEmpty()) {
        out.add(Violation.NAME_EMPTY);
      } else {
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_NAME_LENGTH) {
          out.add(Violation.NAME_TOO_LONG);
        }
        if (!printable(trimmed)) {
          out.add(Violation.NAME_INVALID_CHARACTERS);
        }
      }
      if (!scopes.stream().allMatch(ApiKeySpec::validScope)) {
        out.add(Violation.SCOPE_INVALID);
      }
      if (new TreeSet<>(scopes.stream().filter(Objects::nonNull).toList()).size() > MAX_SCOPES) {
        out.add(Violation.TOO_MANY_SCOPES);
      }
      return List.copyOf(out);
    }

    /**
     * Builds the spec.
     *
     * @throws IllegalArgumentException with the first violation's code and message
     */
    public ApiKeySpec build() {
      List<Violation> violations = violations();
      if (!violations.isEmpty()) {
        Violation v = violations.get(0);
        throw new IllegalArgumentException("Invalid API key spec (" + v.code() + "): " + v.message());
      }
      return new ApiKeySpec(name.strip(), permission,
          Collections.unmodifiableSortedSet(new TreeSet<>(scopes)), environment, expiresAt);
    }

    private static boolean printable(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
            || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
            || c == '\u200E' || c == '\u200F' || c == '\u061C') {
          return false;
        }
      }
      return Text.isWellFormedUtf16(s);
    }
  }
}
