package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Latchkey;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.AuthenticatedApiKey;
import dev.latchkey.apikey.Permission;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.servlet.RequestAuthentication.Reason;
import dev.latchkey.servlet.RequestAuthentication.Refused;
import dev.latchkey.store.inmemory.InMemoryStores;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link LatchkeyAuthenticator} as another integration (a Spring Security filter) calls it: a typed
 * result per request, no response written, and no secret in anything it returns.
 */
class LatchkeyAuthenticatorTest {
  private final Latchkey latchkey = Latchkey.builder().stores(InMemoryStores.create())
      .clock(new TestClock()).random(new SecureRandom()).build();
  private final LatchkeyAuthenticator auth =
      LatchkeyAuthenticator.builder(latchkey, new SecureRandom()).realm("r").build();

  @Test
  void revokedAndNeverIssuedKeyThenSameRefusalForTheCallerPreciseOnlyInTheLogDetail() {
    String revoked = key("acct_1", Permission.READ_WRITE);
    latchkey.apiKeys().revokeAll("acct_1");
    // Well-formed, right checksum, but issued by another deployment: never stored here.
    String unknown = Latchkey.builder().stores(InMemoryStores.create()).random(new SecureRandom())
        .build().apiKeys().create("acct_2", ApiKeySpec.builder().name("k")
            .permission(Permission.READ_WRITE).build()).key().reveal();

    Refused a = refused(request("GET").header("Authorization", "Bearer " + revoked),
        Access.apiKey(Permission.READ_ONLY));
    Refused b = refused(request("GET").header("Authorization", "Bearer " + unknown),
        Access.apiKey(Permission.READ_ONLY));

    assertThat(a.reason()).isEqualTo(Reason.INVALID_API_KEY);
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.code()).isEqualTo(b.code()).isEqualTo("invalid_api_key");
    assertThat(a.message()).isEqualTo(b.message()).isEqualTo("The API key is invalid.");
    assertThat(a.wwwAuthenticate()).isEqualTo(b.wwwAuthenticate());
    assertThat(a.logDetail()).isEqualTo("api_key revoked");
    assertThat(b.logDetail()).isEqualTo("api_key unknown");
    assertThat(a.clearsSessionCookie()).isFalse();
    assertNoSecret(a, revoked);
  }

  @Test
  void refusedSessionThenNoTokenInAnythingReturnedAndCookieToBeCleared() {
    String token = latchkey.sessions().create("acct_1", ClientInfo.unknown()).token().reveal();
    latchkey.sessions().revokeAll("acct_1");

    Refused r = refused(request("GET").cookie("latchkey_session", token), Access.session());

    assertThat(r.reason()).isEqualTo(Reason.INVALID_SESSION);
    assertThat(r.code()).isEqualTo("session_revoked");
    assertThat(r.clearsSessionCookie()).isTrue();
    assertThat(r.wwwAuthenticate()).isEmpty();
    assertNoSecret(r, token);
  }

  @Test
  void validKeyThenPrincipalCarriesTheProofAndInsufficientScopeIsAvailableForLaterChecks() {
    String key = key("acct_9", Permission.READ_ONLY);

    RequestAuthentication result = auth.authenticate(
        request("POST").header("Authorization", "Bearer " + key),
        Access.sessionOrApiKey(Permission.READ_ONLY));

    assertThat(result).isInstanceOf(RequestAuthentication.Authenticated.class);
    LatchkeyPrincipal principal = ((RequestAuthentication.Authenticated) result).principal();
    assertThat(principal).isInstanceOf(ApiKeyPrincipal.class);
    AuthenticatedApiKey proof = ((ApiKeyPrincipal) principal).apiKey();
    assertThat(principal.getName()).isEqualTo("acct_9");
    assertThat(proof.permission()).isEqualTo(Permission.READ_ONLY);
    assertThat(principal.toString()).doesNotContain(key);

    Refused later = auth.insufficientScope(proof, "read_write");
    assertThat(later.status()).isEqualTo(403);
    assertThat(later.code()).isEqualTo("insufficient_scope");
    assertThat(later.wwwAuthenticate()).hasValue(
        "Bearer realm=\"r\", error=\"insufficient_scope\", scope=\"read_write\"");
  }

  @Test
  void sessionCookieUnderThePlainNameOffLocalhostThenIgnored() {
    // Off localhost only __Host-latchkey_session counts: a sibling subdomain may have set the other.
    String token = latchkey.sessions().create("acct_1", ClientInfo.unknown()).token().reveal();

    Refused r = refused(request("GET").host("app.example").cookie("latchkey_session", token),
        Access.session());
    RequestAuthentication ok = auth.authenticate(request("GET").host("app.example")
        .cookie("__Host-latchkey_session", token), Access.session());

    assertThat(r.reason()).isEqualTo(Reason.MISSING_CREDENTIALS);
    assertThat(ok.isAllowed()).isTrue();
  }

  @Test
  void crossSiteStateChangeWithACookieThenRefusedBeforeTheSessionIsLookedUp() {
    String token = latchkey.sessions().create("acct_1", ClientInfo.unknown()).token().reveal();
    latchkey.sessions().revokeAll("acct_1");

    // A revoked session would answer 401 and clear the cookie; a forged request learns nothing.
    Refused r = refused(request("DELETE").header("Sec-Fetch-Site", "cross-site")
        .cookie("latchkey_session", token), Access.session());

    assertThat(r.reason()).isEqualTo(Reason.CROSS_SITE_REQUEST);
    assertThat(r.clearsSessionCookie()).isFalse();
  }

  @Test
  void sameOriginRuleThenAnonymousOrCrossSiteRefusalWithoutLookingAnythingUp() {
    assertThat(auth.authenticate(request("POST").header("Sec-Fetch-Site", "same-origin"),
        Access.sameOrigin())).isInstanceOf(RequestAuthentication.Anonymous.class);
    Refused r = refused(request("POST").header("Origin", "https://evil.example"),
        Access.sameOrigin());
    assertThat(r.reason()).isEqualTo(Reason.CROSS_SITE_REQUEST);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.code()).isEqualTo("cross_site_request");
  }

  // ------------------------------------------------------------------------------------------

  private static void assertNoSecret(Refused r, String secret) {
    assertThat(r.toString()).doesNotContain(secret);
    assertThat(r.logDetail()).doesNotContain(secret);
    assertThat(r.message()).doesNotContain(secret);
    assertThat(r.wwwAuthenticate().orElse("")).doesNotContain(secret);
  }

  private Refused refused(FakeRequest request, Access access) {
    RequestAuthentication result = auth.authenticate(request, access);
    assertThat(result).isInstanceOf(Refused.class);
    return (Refused) result;
  }

  private String key(String owner, Permission permission) {
    return latchkey.apiKeys().create(owner, ApiKeySpec.builder().name("k")
        .permission(permission).build()).key().reveal();
  }

  private static FakeRequest request(String method) {
    return FakeRequest.of(method);
  }

  /** The few request methods the authenticator reads, over plain HTTP to localhost from 127.0.0.1. */
  interface FakeRequest extends HttpServletRequest {
    static FakeRequest of(String method) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("host", "localhost:8080");
      Map<String, String> cookies = new LinkedHashMap<>();
      return (FakeRequest) Proxy.newProxyInstance(FakeRequest.class.getClassLoader(),
          new Class<?>[] {FakeRequest.class}, (proxy, m, args) -> switch (m.getName()) {
            case "header" -> {
              headers.put(((String) args[0]).toLowerCase(java.util.Locale.ROOT), (String) args[1]);
              yield proxy;
            }
            case "host" -> {
              headers.put("host", (String) args[0]);
              yield proxy;
            }
            case "cookie" -> {
              cookies.put((String) args[0], (String) args[1]);
              yield proxy;
            }
            case "getMethod" -> method;
            case "getScheme" -> "http";
            case "getRemoteAddr" -> "127.0.0.1";
            case "getHeader" -> headers.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
            case "getHeaders" -> {
              String v = headers.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
              yield Collections.enumeration(v == null ? java.util.List.of() : java.util.List.of(v));
            }
            case "getCookies" -> cookies.isEmpty() ? null : cookies.entrySet().stream()
                .map(e -> new Cookie(e.getKey(), e.getValue())).toArray(Cookie[]::new);
            case "toString" -> "FakeRequest";
            default -> throw new UnsupportedOperationException(m.getName());
          });
    }

    FakeRequest header(String name, String value);

    FakeRequest host(String host);

    FakeRequest cookie(String name, String value);
  }
}
