package dev.latchkey.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.client.AddressScope;
import dev.latchkey.client.Device;
import dev.latchkey.client.DeviceType;
import dev.latchkey.client.Location;
import dev.latchkey.spi.EventPosition;
import dev.latchkey.spi.SecurityEventRecord;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SecurityEventStore} must have: newest-first order with ties broken by
 * id, keyset paging that visits every event once, type filters, account isolation, the "seen
 * before" query on structured device and location fields, purging, and faithful round trips of
 * every field.
 */
public abstract class SecurityEventStoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String SUCCEEDED = "sign_in.succeeded";
  private static final String FAILED = "sign_in.failed";
  private static final Device CHROME_ON_MAC =
      new Device("Chrome", 120, "macOS", DeviceType.DESKTOP);
  private static final Device FIREFOX_ON_LINUX =
      new Device("Firefox", 121, "Linux", DeviceType.DESKTOP);
  private static final Device SAFARI_ON_IPHONE =
      new Device("Safari", 17, "iPhone", DeviceType.MOBILE);
  private static final Location SAN_FRANCISCO = new Location("San Francisco", "California", "US");
  private static final Location BERLIN = new Location("Berlin", "Berlin", "DE");
  private static final Location PARIS = new Location("Paris", "Île-de-France", "FR");

  private final Random seeds = new Random(42);

  /** For a store's test class, which implements {@link #emptyStore()}. */
  protected SecurityEventStoreContract() {}

  /** A store with no events in it; called once per test. */
  protected abstract SecurityEventStore emptyStore();

  /** A random 32-hex-digit id, as Latchkey makes them. */
  protected String newId() {
    byte[] b = new byte[16];
    seeds.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private SecurityEventRecord event(String account, String type, Instant at) {
    return new SecurityEventRecord(newId(), account, type, at, "203.0.113.5", CHROME_ON_MAC,
        SAN_FRANCISCO, null, false, Map.of());
  }

  private SecurityEventRecord signIn(String account, Instant at, Device device, Location location) {
    return new SecurityEventRecord(newId(), account, SUCCEEDED, at, "203.0.113.5", device,
        location, "sess-1", false, Map.of("method", "password"));
  }

  private static List<SecurityEventRecord> newestFirst(List<SecurityEventRecord> events) {
    List<SecurityEventRecord> sorted = new ArrayList<>(events);
    sorted.sort(SecurityEventRecord.NEWEST_FIRST);
    return sorted;
  }

  @Test
  void emptyAccountHasAnEmptyPage() {
    SecurityEventStore store = emptyStore();
    assertThat(store.page("nobody", Set.of(), null, 10)).isEmpty();
    assertThat(store.exists("nobody", SUCCEEDED, null, null)).isFalse();
  }

  @Test
  void appendThenPageReturnsEveryFieldUnchanged() {
    SecurityEventStore store = emptyStore();
    SecurityEventRecord full = new SecurityEventRecord(newId(), "acct-1", SUCCEEDED,
        T0.plusMillis(123), "2001:db8::1", SAFARI_ON_IPHONE, new Location("Zürich", "Zürich", "CH"),
        "s-1", true, Map.of("method", "totp", "note", "a&b=c%d é 🙂", "empty", ""));
    SecurityEventRecord bare = new SecurityEventRecord(newId(), "acct-1", "future.type", T0,
        "", Device.none(), Location.of(AddressScope.NONE), null, false, Map.of());
    store.append(full);
    store.append(bare);
    assertThat(store.page("acct-1", Set.of(), null, 10)).containsExactly(full, bare);
  }

  @Test
  void everyDeviceTypeAndAddressScopeAndTheLongestNamesRoundTrip() {
    SecurityEventStore store = emptyStore();
    List<SecurityEventRecord> all = new ArrayList<>();
    DeviceType[] types = DeviceType.values();
    AddressScope[] scopes = AddressScope.values();
    for (int i = 0; i < Math.max(types.length, scopes.length); i++) {
      Device device = new Device("B" + i, i * 1000, "O" + i, types[i % types.length]);
      Location location = new Location("C" + i, "R" + i, "X" + i, scopes[i % scopes.length]);
      all.add(new SecurityEventRecord(newId(), "acct-1", SUCCEEDED, T0.plusMillis(i), "",
          device, location, null, false, Map.of()));
    }
    // The widest values the value types allow, in characters that take several bytes.
    String name = "\u4e2d".repeat(Device.MAX_NAME_LENGTH);
    String part = "\u00e9".repeat(Location.MAX_COMPONENT_LENGTH);
    all.add(new SecurityEventRecord(newId(), "acct-1", SUCCEEDED, T0.plusSeconds(1), "",
        new Device(name, 999_999, name, DeviceType.TABLET), new Location(part, part, part), null,
        false, Map.of()));
    all.forEach(store::append);
    assertThat(store.page("acct-1", Set.of(), null, 100))
        .containsExactlyElementsOf(newestFirst(all));
    SecurityEventRecord widest = all.get(all.size() - 1);
    assertThat(store.exists("acct-1", SUCCEEDED, widest.device(), widest.location())).isTrue();
  }

  @Test
  void pageIsNewestFirstWithTiesBrokenByIdDescending() {
    SecurityEventStore store = emptyStore();
    List<SecurityEventRecord> all = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // Three events per millisecond, appended in shuffled time order.
      all.add(event("acct-1", FAILED, T0.plusMillis(i / 3)));
    }
    List<SecurityEventRecord> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(7));
    shuffled.forEach(store::append);
    List<SecurityEventRecord> page = store.page("acct-1", Set.of(), null, 100);
    assertThat(page).containsExactlyElementsOf(newestFirst(all));
    for (int i = 1; i < page.size(); i++) {
      SecurityEventRecord a = page.get(i - 1);
      SecurityEventRecord b = page.get(i);
      assertThat(a.at().isAfter(b.at())
          || (a.at().equals(b.at()) && a.id().compareTo(b.id()) > 0)).isTrue();
    }
  }

  @Test
  void limitIsRespected() {
    SecurityEventStore store = emptyStore();
    for (int i = 0; i < 5; i++) {
      store.append(event("acct-1", FAILED, T0.plusSeconds(i)));
    }
    assertThat(store.page("acct-1", Set.of(), null, 1)).hasSize(1);
    assertThat(store.page("acct-1", Set.of(), null, 3)).hasSize(3);
    assertThat(store.page("acct-1", Set.of(), null, 101)).hasSize(5);
  }

  @Test
  void pagingWithEqualTimestampsVisitsEveryEventExactlyOnce() {
    SecurityEventStore store = emptyStore();
    List<SecurityEventRecord> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // Most share one millisecond; a few are spread around it.
      Instant at = i % 5 == 0 ? T0.plusMillis(i) : T0;
      SecurityEventRecord e = event("acct-1", i % 2 == 0 ? FAILED : SUCCEEDED, at);
      all.add(e);
      store.append(e);
    }
    for (int size : new int[] {1, 2, 3, 7, 40, 41}) {
      List<SecurityEventRecord> seen = new ArrayList<>();
      EventPosition after = null;
      for (int guard = 0; guard < 100; guard++) {
        List<SecurityEventRecord> page = store.page("acct-1", Set.of(), after, size);
        if (page.isEmpty()) {
          break;
        }
        assertThat(page.size()).isLessThanOrEqualTo(size);
        seen.addAll(page);
        after = page.get(page.size() - 1).position();
      }
      assertThat(seen).as("page size %d", size).containsExactlyElementsOf(newestFirst(all));
    }
  }

  @Test
  void positionAfterTheLastEventGivesAnEmptyPage() {
    SecurityEventStore store = emptyStore();
    SecurityEventRecord only = event("acct-1", FAILED, T0);
    store.append(only);
    assertThat(store.page("acct-1", Set.of(), only.position(), 10)).isEmpty();
    // A position between events (not itself an event) works too.
    assertThat(store.page("acct-1", Set.of(), new EventPosition(T0.plusMillis(1), "0"), 10))
        .containsExactly(only);
  }

  @Test
  void typeFilterReturnsOnlyThoseTypesInOrderAndPagesWithinThem() {
    SecurityEventStore store = emptyStore();
    List<SecurityEventRecord> wanted = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String type = switch (i % 3) {
        case 0 -> SUCCEEDED;
        case 1 -> FAILED;
        default -> "password.changed";
      };
      SecurityEventRecord e = event("acct-1", type, T0.plusMillis(i / 4));
      store.append(e);
      if (!type.equals(FAILED)) {
        wanted.add(e);
      }
    }
    Set<String> types = Set.of(SUCCEEDED, "password.changed");
    assertThat(store.page("acct-1", types, null, 100)).containsExactlyElementsOf(newestFirst(wanted));
    List<SecurityEventRecord> first = store.page("acct-1", types, null, 2);
    List<SecurityEventRecord> rest =
        store.page("acct-1", types, first.get(first.size() - 1).position(), 100);
    List<SecurityEventRecord> both = new ArrayList<>(first);
    both.addAll(rest);
    assertThat(both).containsExactlyElementsOf(newestFirst(wanted));
    assertThat(store.page("acct-1", Set.of("totp.enabled"), null, 100)).isEmpty();
  }

  @Test
  void otherAccountsAreInvisible() {
    SecurityEventStore store = emptyStore();
    SecurityEventRecord mine = event("acct-1", SUCCEEDED, T0);
    SecurityEventRecord theirs = event("acct-2", SUCCEEDED, T0);
    store.append(mine);
    store.append(theirs);
    assertThat(store.page("acct-1", Set.of(), null, 10)).containsExactly(mine);
    assertThat(store.page("acct-1", Set.of(), theirs.position(), 10))
        .allMatch(e -> e.accountId().equals("acct-1"));
    assertThat(store.page("acct-3", Set.of(), null, 10)).isEmpty();
    // Account ids are matched exactly: no prefix, no case folding.
    assertThat(store.page("acct-", Set.of(), null, 10)).isEmpty();
    assertThat(store.page("ACCT-1", Set.of(), null, 10)).isEmpty();
  }

  @Test
  void existsMatchesTypeDeviceAndLocationExactlyWithinTheAccount() {
    SecurityEventStore store = emptyStore();
    store.append(signIn("acct-1", T0, CHROME_ON_MAC, SAN_FRANCISCO));
    store.append(new SecurityEventRecord(newId(), "acct-1", FAILED, T0, "", FIREFOX_ON_LINUX,
        BERLIN, null, false, Map.of()));
    store.append(signIn("acct-2", T0, SAFARI_ON_IPHONE, PARIS));

    assertThat(store.exists("acct-1", SUCCEEDED, null, null)).isTrue();
    assertThat(store.exists("acct-1", SUCCEEDED, CHROME_ON_MAC, SAN_FRANCISCO)).isTrue();
    assertThat(store.exists("acct-1", SUCCEEDED, CHROME_ON_MAC, null)).isTrue();
    assertThat(store.exists("acct-1", SUCCEEDED, null, SAN_FRANCISCO)).isTrue();
    // Same device elsewhere, or elsewhere on another device: not seen.
    assertThat(store.exists("acct-1", SUCCEEDED, CHROME_ON_MAC, BERLIN)).isFalse();
    assertThat(store.exists("acct-1", SUCCEEDED,
        new Device("chrome", 120, "macos", DeviceType.DESKTOP), SAN_FRANCISCO)).isFalse();
    assertThat(store.exists("acct-1", SUCCEEDED, CHROME_ON_MAC,
        new Location("san francisco", "California", "us"))).isFalse();
    // Only events of the asked type count.
    assertThat(store.exists("acct-1", SUCCEEDED, FIREFOX_ON_LINUX, BERLIN)).isFalse();
    assertThat(store.exists("acct-1", FAILED, FIREFOX_ON_LINUX, BERLIN)).isTrue();
    // Only events of the account count.
    assertThat(store.exists("acct-1", SUCCEEDED, SAFARI_ON_IPHONE, PARIS)).isFalse();
    assertThat(store.exists("acct-3", SUCCEEDED, null, null)).isFalse();
  }

  @Test
  void existsComparesBrowserOsAndTypeButNotTheVersion() {
    SecurityEventStore store = emptyStore();
    store.append(signIn("acct-1", T0, CHROME_ON_MAC, SAN_FRANCISCO));

    // A browser update is the same device.
    Device updated = new Device("Chrome", 121, "macOS", DeviceType.DESKTOP);
    Device unknownVersion = new Device("Chrome", 0, "macOS", DeviceType.DESKTOP);
    assertThat(store.exists("acct-1", SUCCEEDED, updated, SAN_FRANCISCO)).isTrue();
    assertThat(store.exists("acct-1", SUCCEEDED, unknownVersion, null)).isTrue();
    // Another browser, OS or type is another device.
    assertThat(store.exists("acct-1", SUCCEEDED,
        new Device("Edge", 120, "macOS", DeviceType.DESKTOP), SAN_FRANCISCO)).isFalse();
    assertThat(store.exists("acct-1", SUCCEEDED,
        new Device("Chrome", 120, "Windows", DeviceType.DESKTOP), SAN_FRANCISCO)).isFalse();
    assertThat(store.exists("acct-1", SUCCEEDED,
        new Device("Chrome", 120, "macOS", DeviceType.TABLET), SAN_FRANCISCO)).isFalse();
    assertThat(store.exists("acct-1", SUCCEEDED, Device.unknown(), SAN_FRANCISCO)).isFalse();
  }

  @Test
  void existsComparesEveryPartOfTheLocation() {
    SecurityEventStore store = emptyStore();
    store.append(signIn("acct-1", T0, CHROME_ON_MAC, SAN_FRANCISCO));
    store.append(signIn("acct-1", T0, FIREFOX_ON_LINUX, Location.of(AddressScope.LOOPBACK)));

    assertThat(store.exists("acct-1", SUCCEEDED, CHROME_ON_MAC,
        new Location("San Francisco", "California", "US"))).isTrue();
    // Another city, region or country is another place.
    assertThat(store.exists("acct-1", SUCCEEDED, CHROME_ON_MAC,
        new Location("Oakland", "California", "US"))).isFalse();
    assertThat(store.exists("acct-1", SUCCEEDED, CHROME_ON_MAC,
        new Location("San Francisco", "", "US"))).isFalse();
    assertThat(store.exists("acct-1", SUCCEEDED, CHROME_ON_MAC,
        new Location("San Francisco", "California", "PH"))).isFalse();
    assertThat(store.exists("acct-1", SUCCEEDED, CHROME_ON_MAC,
        new Location("San Francisco", "California", "US", AddressScope.PRIVATE))).isFalse();
    // Places without a city compare by their scope.
    assertThat(store.exists("acct-1", SUCCEEDED, FIREFOX_ON_LINUX,
        Location.of(AddressScope.LOOPBACK))).isTrue();
    assertThat(store.exists("acct-1", SUCCEEDED, FIREFOX_ON_LINUX,
        Location.of(AddressScope.PRIVATE))).isFalse();
    assertThat(store.exists("acct-1", SUCCEEDED, FIREFOX_ON_LINUX,
        Location.of(AddressScope.UNKNOWN))).isFalse();
    assertThat(store.exists("acct-1", SUCCEEDED, null,
        Location.of(AddressScope.PUBLIC))).isFalse();
  }

  @Test
  void purgeDeletesStrictlyOlderEventsOfEveryAccount() {
    SecurityEventStore store = emptyStore();
    SecurityEventRecord old1 = event("acct-1", FAILED, T0.minusSeconds(10));
    SecurityEventRecord old2 = event("acct-2", FAILED, T0.minusMillis(1));
    SecurityEventRecord boundary = event("acct-1", SUCCEEDED, T0);
    SecurityEventRecord recent = event("acct-2", SUCCEEDED, T0.plusSeconds(10));
    for (SecurityEventRecord e : List.of(old1, old2, boundary, recent)) {
      store.append(e);
    }
    assertThat(store.purge(T0)).isEqualTo(2);
    assertThat(store.page("acct-1", Set.of(), null, 10)).containsExactly(boundary);
    assertThat(store.page("acct-2", Set.of(), null, 10)).containsExactly(recent);
    assertThat(store.purge(T0)).isZero();
    assertThat(store.exists("acct-1", FAILED, null, null)).isFalse();
  }

  @Test
  void appendingADuplicateIdFails() {
    SecurityEventStore store = emptyStore();
    SecurityEventRecord e = event("acct-1", FAILED, T0);
    store.append(e);
    SecurityEventRecord sameId = new SecurityEventRecord(e.id(), "acct-2", SUCCEEDED,
        T0.plusSeconds(1), "", Device.none(), Location.of(AddressScope.NONE), null, false,
        Map.of());
    assertThatThrownBy(() -> store.append(sameId)).isInstanceOf(StoreException.class);
    assertThat(store.page("acct-2", Set.of(), null, 10)).isEmpty();
  }

  @Test
  void concurrentAppendsAreAllKept() throws Exception {
    SecurityEventStore store = emptyStore();
    int threads = 8;
    int perThread = 25;
    List<SecurityEventRecord> all = new ArrayList<>();
    for (int i = 0; i < threads * perThread; i++) {
      all.add(event("acct-1", FAILED, T0.plusMillis(i % 4)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<SecurityEventRecord> mine = all.subList(t * perThread, (t + 1) * perThread);
        done.add(pool.submit(() -> {
          start.await();
          mine.forEach(store::append);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<SecurityEventRecord> page = store.page("acct-1", Set.of(), null, all.size() + 1);
    assertThat(page).containsExactlyElementsOf(newestFirst(all));
    assertThat(new HashSet<>(page)).hasSize(all.size());
  }

  /**
   * Keyset paging visits every event of the account exactly once, in newest-first order, for any
   * mix of equal timestamps, page sizes (changing from page to page) and type filters. Few tries:
   * database stores run it too.
   */
  @Property(tries = 25)
  void pagingVisitsEveryEventExactlyOnceForAnyTiesSizesAndFilters(
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 11) Integer> events,
      @ForAll @IntRange(min = 0, max = 3) int filterKind,
      @ForAll long seed) {
    SecurityEventStore store = emptyStore();
    Random random = new Random(seed);
    String[] types = {SUCCEEDED, FAILED, "sign_out"};
    Set<String> filter = switch (filterKind) {
      case 0 -> Set.of();
      case 1 -> Set.of(SUCCEEDED);
      case 2 -> Set.of(FAILED, "sign_out");
      default -> Set.of("totp.enabled");
    };
    List<SecurityEventRecord> expected = new ArrayList<>();
    for (int v : events) {
      // v encodes: which account (v % 4 == 3 is another), which type, which of 2 milliseconds.
      String account = v % 4 == 3 ? "acct-other" : "acct-1";
      String type = types[v % 3];
      SecurityEventRecord e = event(account, type, T0.plusMillis(v / 6));
      store.append(e);
      if (account.equals("acct-1") && (filter.isEmpty() || filter.contains(type))) {
        expected.add(e);
      }
    }
    List<SecurityEventRecord> seen = new ArrayList<>();
    EventPosition after = null;
    for (int guard = 0; guard <= events.size() + 1; guard++) {
      int size = 1 + random.nextInt(8);
      List<SecurityEventRecord> page = store.page("acct-1", filter, after, size);
      assertThat(page.size()).isLessThanOrEqualTo(size);
      if (page.isEmpty()) {
        break;
      }
      seen.addAll(page);
      after = page.get(page.size() - 1).position();
    }
    assertThat(seen).containsExactlyElementsOf(newestFirst(expected));
  }
}
