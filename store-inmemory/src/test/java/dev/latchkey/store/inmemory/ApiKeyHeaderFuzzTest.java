package dev.latchkey.store.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.Latchkey;
import dev.latchkey.apikey.ApiKeyAuthentication;
import dev.latchkey.apikey.ApiKeyService;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.CreatedApiKey;
import dev.latchkey.fuzz.FuzzInput;
import dev.latchkey.store.tck.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the whole API key authentication path with {@code Authorization} header values, through
 * {@code Latchkey.apiKeys()} over the in-memory stores. In an input, {@code {ACTIVE}},
 * {@code {REPLACEMENT}}, {@code {REVOKED}}, {@code {ROTATED}} and {@code {EXPIRED}} stand for real
 * keys in those states, so the fuzzer mutates around keys that exist. Seeds:
 * {@code ApiKeyHeaderFuzzTestInputs/<method>/}.
 */
class ApiKeyHeaderFuzzTest {
  private static final MutableClock CLOCK =
      new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
  private static final CountingApiKeyStore STORE = CountingApiKeyStore.overInMemory();
  private static final ApiKeyService KEYS = Latchkey.builder().stores(InMemoryStores.create())
      .apiKeyStore(STORE).clock(CLOCK).random(new SecureRandom()).build().apiKeys();
  private static final Map<String, String> KEY_BY_NAME = keys();
  /** Every challenge the service can answer: a key that is a word of one is not an echo. */
  private static final List<String> FIXED_ANSWERS =
      Arrays.stream(ApiKeyAuthentication.Reason.values()).map(r -> r.wwwAuthenticate("api")).toList();

  /**
   * Any header value: {@code authenticate} never throws; it authenticates exactly the active keys
   * presented as RFC 7235 Bearer credentials (the scheme in any ASCII case, one or more spaces
   * before the key, spaces and tabs around the whole ignored, nothing over 512 characters), and
   * otherwise answers 401 with the precise reason, a one-line {@code WWW-Authenticate} value that
   * never echoes the input, and exactly one store lookup for well-formed keys, none for anything
   * else. {@code authenticateKey} agrees on the bare key.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void authenticatesExactlyTheActiveBearerKeys(byte[] data) {
    String header = FuzzInput.text(data);
    for (Map.Entry<String, String> e : KEY_BY_NAME.entrySet()) {
      header = header.replace(e.getKey(), e.getValue());
    }
    int lookupsBefore = STORE.lookups.get();
    ApiKeyAuthentication result = KEYS.authenticate(header);
    int lookups = STORE.lookups.get() - lookupsBefore;

    String token = bearerToken(header);
    String expected = token == null ? schemeFailure(header) : expectedForKey(token);
    if (result instanceof ApiKeyAuthentication.Authenticated authenticated) {
      assertThat(expected).isEqualTo("authenticated");
      assertThat(authenticated.key().owner()).isEqualTo("owner");
    } else {
      ApiKeyAuthentication.Rejected rejected = (ApiKeyAuthentication.Rejected) result;
      assertThat(rejected.reason().code()).isEqualTo(expected);
      assertThat(rejected.httpStatus()).isEqualTo(401);
      String challenge = rejected.wwwAuthenticate("api");
      assertThat(challenge).startsWith("Bearer realm=\"api\"").matches("[\\x20-\\x7e]*");
      if (token != null && FIXED_ANSWERS.stream().noneMatch(answer -> answer.contains(token))) {
        assertThat(challenge).doesNotContain(token);
      }
    }
    boolean looksLikeAKey = expected.equals("authenticated") || expected.equals("unknown")
        || expected.equals("revoked") || expected.equals("expired");
    assertThat(lookups).isEqualTo(looksLikeAKey ? 1 : 0);
    if (token != null) {
      ApiKeyAuthentication bare = KEYS.authenticateKey(token);
      assertThat(bare.isAuthenticated()).isEqualTo(result.isAuthenticated());
    }
  }

  /**
   * The key in a header the rule accepts as Bearer credentials, or null: at most 512 characters;
   * spaces and tabs around it ignored; "bearer" in any ASCII case up to the first space; then one
   * or more spaces; the rest, as it is, is the key.
   */
  private static String bearerToken(String header) {
    if (header.length() > ApiKeyService.MAX_HEADER_LENGTH) {
      return null;
    }
    String h = trimOws(header);
    int space = h.indexOf(' ');
    if (space < 0 || !asciiLower(h.substring(0, space)).equals("bearer")) {
      return null;
    }
    String rest = h.substring(space).replaceFirst("^ +", "");
    return rest.isEmpty() ? null : rest;
  }

  /** Why a header without Bearer credentials is refused. */
  private static String schemeFailure(String header) {
    if (header.length() > ApiKeyService.MAX_HEADER_LENGTH) {
      return "malformed";
    }
    String h = trimOws(header);
    if (h.isEmpty()) {
      return "missing";
    }
    return asciiLower(h).equals("bearer") ? "malformed" : "wrong_scheme";
  }

  private static String expectedForKey(String key) {
    if (key.equals(KEY_BY_NAME.get("{ACTIVE}")) || key.equals(KEY_BY_NAME.get("{REPLACEMENT}"))) {
      return "authenticated";
    }
    if (key.equals(KEY_BY_NAME.get("{REVOKED}")) || key.equals(KEY_BY_NAME.get("{ROTATED}"))) {
      return "revoked";
    }
    if (key.equals(KEY_BY_NAME.get("{EXPIRED}"))) {
      return "expired";
    }
    if (!KEYS.format().pattern().matcher(key).matches()) {
      return "malformed";
    }
    return KEYS.format().isWellFormed(key) ? "unknown" : "bad_checksum";
  }

  private static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }

  private static String asciiLower(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return out.toString();
  }

  /** One key in each state; the clock is moved once, past the expiring key's end. */
  private static Map<String, String> keys() {
    ApiKeySpec plain = ApiKeySpec.builder().name("fuzz").build();
    CreatedApiKey expiring = KEYS.create("owner", ApiKeySpec.builder().name("expiring")
        .expiresAt(CLOCK.instant().plus(Duration.ofHours(1))).build());
    CLOCK.advance(Duration.ofHours(2));
    CreatedApiKey active = KEYS.create("owner", plain);
    CreatedApiKey revoked = KEYS.create("owner", plain);
    KEYS.revoke("owner", revoked.id());
    CreatedApiKey rotated = KEYS.create("owner", plain);
    var rotation = (dev.latchkey.apikey.ApiKeyRotateResult.Rotated)
        KEYS.rotate("owner", rotated.id(), Duration.ZERO);
    return Map.of("{ACTIVE}", active.key().reveal(),
        "{REPLACEMENT}", rotation.replacement().key().reveal(),
        "{REVOKED}", revoked.key().reveal(),
        "{ROTATED}", rotated.key().reveal(),
        "{EXPIRED}", expiring.key().reveal());
  }
}
