package dev.latchkey.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.AddressScope;
import dev.latchkey.client.AddressScope;
import dev.latchkey.client.AddressScope;
import dev.latchkey.client.Device;
import dev.latchkey.client.Device;
import dev.latchkey.client.Device;
import dev.latchkey.client.Location;
import dev.latchkey.client.Location;
import dev.latchkey.client.Location;
import dev.latchkey.spi.SecurityEventRecord;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.tck.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Event queries page through every event exactly once, in newest-first order: whatever the page
 * sizes (changing from page to page), however many events share a millisecond, with or without a
 * type filter, with events of other accounts and of unknown types in between.
 */
class LoginHistoryPagingProperties {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final SecurityEventType[] TYPES = SecurityEventType.values();

  /** One stored event: which account, a type index (-1: a type this version does not know), when. */
  record Spec(boolean mine, int type, int millis) {}

  @Provide
  Arbitrary<List<Spec>> events() {
    // Few distinct milliseconds, so most events tie.
    Arbitrary<Spec> spec = Combinators.combine(
        Arbitraries.integers().between(0, 9).map(i -> i < 8),
        Arbitraries.integers().between(-1, TYPES.length - 1),
        Arbitraries.integers().between(0, 3)).as(Spec::new);
    return spec.list().ofMaxSize(120);
  }

  @Provide
  Arbitrary<Set<SecurityEventType>> filters() {
    return Arbitraries.of(TYPES).set().ofMaxSize(4);
  }

  @Property(tries = 300)
  void eventQueriesPageThroughEveryEventExactlyOnce(
      @ForAll("events") List<Spec> specs,
      @ForAll("filters") Set<SecurityEventType> filter,
      @ForAll @IntRange(min = 1, max = 100) int firstSize,
      @ForAll long seed) {
    SecurityEventStore store = InMemoryStores.create().securityEvents();
    LoginHistory history = LoginHistory.create(store, new MutableClock(T0),
        LoginHistory.DEFAULT_RETENTION);
    Random random = new Random(seed);
    List<SecurityEventRecord> expected = new ArrayList<>();
    for (Spec s : specs) {
      byte[] id = new byte[16];
      random.nextBytes(id);
      String code = s.type() < 0 ? "future.kind" : TYPES[s.type()].code();
      SecurityEventRecord r = new SecurityEventRecord(HexFormat.of().formatHex(id),
          s.mine() ? "me" : "someone-else", code, T0.plusMillis(s.millis()), "",
          Device.none(), Location.of(AddressScope.NONE), null, false, Map.of());
      store.append(r);
      boolean wanted = s.mine() && s.type() >= 0
          && (filter.isEmpty() || filter.contains(TYPES[s.type()]));
      if (wanted) {
        expected.add(r);
      }
    }
    expected.sort(SecurityEventRecord.NEWEST_FIRST);

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int size = firstSize;
    for (int pages = 0; pages <= specs.size() + 1; pages++) {
      EventPage page = history.page("me", new EventQuery(size, cursor,
          filter.isEmpty() ? Set.of() : EnumSet.copyOf(filter)));
      assertThat(page.events().size()).isLessThanOrEqualTo(size);
      page.events().forEach(e -> {
        assertThat(e.accountId()).isEqualTo("me");
        seen.add(e.id());
      });
      if (page.nextCursor().isEmpty()) {
        break;
      }
      cursor = page.nextCursor().get();
      size = 1 + random.nextInt(EventQuery.MAX_LIMIT);
    }
    assertThat(seen).containsExactlyElementsOf(expected.stream().map(SecurityEventRecord::id)
        .toList());
    assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
  }
}
