package dev.latchkey.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** admin ⊇ read_write ⊇ read_only, for every pair, through both APIs. */
class PermissionProperties {
  private static int rank(Permission p) {
    return switch (p) {
      case READ_ONLY -> 0;
      case READ_WRITE -> 1;
      case ADMIN -> 2;
    };
  }

  @Property
  void includesFollowsTheDocumentedOrderForEveryPair(@ForAll Permission held,
      @ForAll Permission required) {
    assertThat(held.includes(required)).isEqualTo(rank(held) >= rank(required));
  }

  @Property
  void authorizeAgreesWithIncludesForEveryPair(@ForAll Permission held,
      @ForAll Permission required) {
    ApiKeyService service = ServiceFixtures.service(new LookupCountingStore());
    AuthenticatedApiKey key = ServiceFixtures.key(held, java.util.Set.of());
    Authorization a = service.authorize(key, required);
    assertThat(a.isAllowed()).isEqualTo(held.includes(required));
    Authorization byCode = service.authorize(key, required.code());
    assertThat(byCode).isEqualTo(a);
    if (!a.isAllowed()) {
      assertThat(a).isEqualTo(new Authorization.Forbidden(required.code()));
    }
  }

  @Property
  void includesIsReflexiveAndTransitive(@ForAll Permission a, @ForAll Permission b,
      @ForAll Permission c) {
    assertThat(a.includes(a)).isTrue();
    if (a.includes(b) && b.includes(c)) {
      assertThat(a.includes(c)).isTrue();
    }
  }

  @Property
  void codesRoundTrip(@ForAll Permission p) {
    assertThat(Permission.fromCode(p.code())).contains(p);
  }

  @Example
  void unknownCodesAreEmptyNotExceptions() {
    assertThat(Permission.fromCode(null)).isEmpty();
    assertThat(Permission.fromCode("ADMIN")).isEmpty();
    assertThat(Permission.fromCode("write")).isEmpty();
    assertThat(Permission.READ_ONLY.code()).isEqualTo("read_only");
    assertThat(Permission.READ_WRITE.code()).isEqualTo("read_write");
    assertThat(Permission.ADMIN.code()).isEqualTo("admin");
  }
}
