package dev.latchkey.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizationTest {
  private final ApiKeyService service = ServiceFixtures.service(new LookupCountingStore());

  @Test
  void customScopeAllowedWhenListedOnTheKey() {
    AuthenticatedApiKey key = ServiceFixtures.key(Permission.READ_ONLY, Set.of("messages:send"));
    assertThat(service.authorize(key, "messages:send").isAllowed()).isTrue();
    assertThat(service.authorize(key, "messages:delete"))
        .isEqualTo(new Authorization.Forbidden("messages:delete"));
  }

  @Test
  void customScopeAllowedForAdminKeysWithoutListingIt() {
    AuthenticatedApiKey admin = ServiceFixtures.key(Permission.ADMIN, Set.of());
    assertThat(service.authorize(admin, "billing:refund").isAllowed()).isTrue();
    AuthenticatedApiKey writer = ServiceFixtures.key(Permission.READ_WRITE, Set.of());
    assertThat(service.authorize(writer, "billing:refund").isAllowed()).isFalse();
  }

  @Test
  void trailingWildcardCoversLongerScopesOnly() {
    AuthenticatedApiKey key = ServiceFixtures.key(Permission.READ_ONLY, Set.of("messages:*"));
    assertThat(service.authorize(key, "messages:send").isAllowed()).isTrue();
    assertThat(service.authorize(key, "messages:send:bulk").isAllowed()).isTrue();
    assertThat(service.authorize(key, "messages").isAllowed()).isFalse();
    assertThat(service.authorize(key, "messagesx:send").isAllowed()).isFalse();
    assertThat(service.authorize(key, "billing:read").isAllowed()).isFalse();
  }

  @Test
  void permissionCodesAsScopesAreCheckedAsPermissions() {
    AuthenticatedApiKey reader = ServiceFixtures.key(Permission.READ_ONLY, Set.of());
    assertThat(service.authorize(reader, "read_only").isAllowed()).isTrue();
    assertThat(service.authorize(reader, "read_write"))
        .isEqualTo(new Authorization.Forbidden("read_write"));
  }

  @Test
  void invalidScopeSyntaxIsAHostBug() {
    AuthenticatedApiKey key = ServiceFixtures.key(Permission.ADMIN, Set.of());
    assertThatThrownBy(() -> service.authorize(key, "Messages:Send"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.authorize(key, "a\" b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void forbiddenMapsTo403WithTheExactRfc6750Challenge() {
    Authorization.Forbidden f = new Authorization.Forbidden("read_write");
    assertThat(f.httpStatus()).isEqualTo(403);
    assertThat(f.code()).isEqualTo("insufficient_scope");
    assertThat(f.wwwAuthenticate("api"))
        .isEqualTo("Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"read_write\"");
    assertThat(new Authorization.Forbidden("messages:send").wwwAuthenticate("api"))
        .isEqualTo("Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"messages:send\"");
    assertThatThrownBy(() -> new Authorization.Forbidden("x\", y=\"z"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void allowedHasAStableCode() {
    Authorization a = service.authorize(ServiceFixtures.key(Permission.ADMIN, Set.of()),
        Permission.ADMIN);
    assertThat(a.isAllowed()).isTrue();
    assertThat(a.code()).isEqualTo("allowed");
  }
}
