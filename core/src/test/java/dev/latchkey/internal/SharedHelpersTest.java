package dev.latchkey.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one-per-concept helpers every service shares. */
class SharedHelpersTest {
  private static final String HASH = Hashing.sha256Hex("token");

  @Test
  void anAccountIdIsOneTo255Characters() {
    assertThat(AccountIds.isValid("a")).isTrue();
    assertThat(AccountIds.isValid("a".repeat(255))).isTrue();
    assertThat(AccountIds.isValid("a".repeat(256))).isFalse();
    assertThat(AccountIds.isValid("")).isFalse();
    assertThat(AccountIds.isValid(null)).isFalse();
    assertThat(AccountIds.require("acct-1")).isEqualTo("acct-1");
    assertThatThrownBy(() -> AccountIds.require(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accountId must be 1 to 255 characters");
    assertThatThrownBy(() -> AccountIds.require("", "owner"))
        .hasMessage("owner must be 1 to 255 characters");
  }

  @Test
  void retryAfterRoundsUpToWholeSecondsAndIsNeverZero() {
    assertThat(RetryAfter.seconds(Duration.ZERO)).isEqualTo(1);
    assertThat(RetryAfter.seconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(RetryAfter.seconds(Duration.ofMillis(1000))).isEqualTo(1);
    assertThat(RetryAfter.seconds(Duration.ofMillis(1001))).isEqualTo(2);
    assertThat(RetryAfter.seconds(Duration.ofMinutes(15))).isEqualTo(900);
  }

  @Test
  void wellFormedUtf16RefusesOnlyUnpairedSurrogates() {
    assertThat(Text.isWellFormedUtf16("")).isTrue();
    assertThat(Text.isWellFormedUtf16("Grüße 🔑")).isTrue();
    assertThat(Text.isWellFormedUtf16("a\uD83D")).isFalse();
    assertThat(Text.isWellFormedUtf16("\uDD11b")).isFalse();
    assertThat(Text.isWellFormedUtf16("\uD83D\uD83D\uDD11")).isFalse();
  }

  @Test
  void timeIsTheClocksInstantInWholeMilliseconds() {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T10:00:00.123456789Z"), ZoneOffset.UTC);
    assertThat(Time.now(clock)).isEqualTo(Instant.parse("2026-01-01T10:00:00.123Z"));
  }

  @Test
  void timeBeforeTheEpochRoundsDownLikeTruncation() {
    Instant t = Instant.parse("1969-12-31T23:59:59.999999Z");
    assertThat(Time.now(Clock.fixed(t, ZoneOffset.UTC)))
        .isEqualTo(t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(Time.now(Clock.fixed(Instant.MAX, ZoneOffset.UTC)))
        .isEqualTo(Instant.MAX.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  @Test
  void compareToSumAgreesWithPlusAndCompareTo() {
    Instant base = Instant.parse("2026-01-01T10:00:00.900Z");
    Duration[] amounts = {Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(150),
        Duration.ofMinutes(30), Duration.ofSeconds(5, 999_999_999)};
    Instant[] nows = {base, base.plusMillis(99), base.plusMillis(100), base.plusMillis(101),
        base.plus(Duration.ofMinutes(30)), base.plusSeconds(6), base.minusSeconds(1),
        base.plus(Duration.ofSeconds(5, 999_999_999))};
    for (Duration d : amounts) {
      for (Instant now : nows) {
        assertThat(Integer.signum(Time.compareToSum(now, base, d)))
            .as("%s vs %s + %s", now, base, d)
            .isEqualTo(Integer.signum(now.compareTo(base.plus(d))));
      }
    }
    // A sum beyond Instant's range is later than any time.
    assertThat(Time.compareToSum(Instant.MAX, base, Duration.ofSeconds(Long.MAX_VALUE)))
        .isNegative();
  }

  @Test
  void millisecondComparisonsAgreeWithInstantsExactly() {
    // Whole-millisecond clock readings against instants on, just off and between milliseconds,
    // on both sides of the epoch: the hot paths compare these numbers instead of Instants.
    Instant[] ts = {Instant.parse("2026-01-01T10:00:00.900Z"),
        Instant.parse("2026-01-01T10:00:00.900000001Z"),
        Instant.parse("2026-01-01T10:00:00.899999999Z"),
        Instant.parse("1969-12-31T23:59:59.999500Z"), Instant.EPOCH, Instant.ofEpochSecond(-1, 1)};
    Duration[] amounts = {Duration.ZERO, Duration.ofMillis(1), Duration.ofSeconds(60),
        Duration.ofNanos(1), Duration.ofSeconds(5, 999_999_999), Duration.ofNanos(500_000)};
    for (Instant t : ts) {
      long ms = Math.floorDiv(t.getEpochSecond() * 1_000_000_000L + t.getNano(), 1_000_000L);
      for (long now = ms - 3; now <= ms + 3; now++) {
        Instant n = Instant.ofEpochMilli(now);
        assertThat(Time.isBefore(now, t)).as("%s before %s", n, t).isEqualTo(n.isBefore(t));
        assertThat(now < Time.ceilMillis(t)).as("%s < ceil %s", n, t).isEqualTo(n.isBefore(t));
        for (Duration d : amounts) {
          for (long later = now; later <= now + 6_001; later += 1_000) {
            Instant l = Instant.ofEpochMilli(later);
            assertThat(later > Time.floorMillisOfSum(t, d)).as("%s after %s + %s", l, t, d)
                .isEqualTo(l.isAfter(t.plus(d)));
          }
        }
      }
    }
    // Beyond the range of epoch milliseconds: saturated, never wrapped around.
    assertThat(Time.ceilMillis(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
    assertThat(Time.ceilMillis(Instant.MIN)).isEqualTo(Long.MIN_VALUE);
    assertThat(Time.floorMillisOfSum(Instant.MAX, Duration.ofSeconds(Long.MAX_VALUE)))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(Time.floorMillisOfSum(Instant.MAX, Duration.ZERO)).isEqualTo(Long.MAX_VALUE);
    assertThat(Time.isBefore(Long.MAX_VALUE, Instant.MAX)).isTrue();
  }

  @Test
  void theClockInMillisecondsSaturatesAndComesBackAsTheClocksInstant() {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T10:00:00.123456789Z"), ZoneOffset.UTC);
    long now = Time.nowMillis(clock);
    assertThat(now).isEqualTo(Instant.parse("2026-01-01T10:00:00.123Z").toEpochMilli());
    assertThat(Time.instant(now, clock)).isEqualTo(Time.now(clock));
    Clock far = Clock.fixed(Instant.MAX, ZoneOffset.UTC);
    assertThat(Time.nowMillis(far)).isEqualTo(Long.MAX_VALUE);
    assertThat(Time.instant(Time.nowMillis(far), far)).isEqualTo(Time.now(far));
    Clock early = Clock.fixed(Instant.MIN, ZoneOffset.UTC);
    assertThat(Time.nowMillis(early)).isEqualTo(Long.MIN_VALUE);
    assertThat(Time.instant(Time.nowMillis(early), early)).isEqualTo(Time.now(early));
  }

  @Test
  void aHashOfARegionIsTheHashOfTheSubstring() {
    String header = "Bearer lk_live_abc";
    assertThat(Hashing.sha256Hex(header, 7, header.length()))
        .isEqualTo(Hashing.sha256Hex("lk_live_abc"))
        .isEqualTo(java.util.HexFormat.of().formatHex(Hashing.sha256("lk_live_abc")));
    // Non-ASCII goes through UTF-8, and input longer than the scratch buffer hashes all the same.
    String grusse = "x Grüße 🔑";
    assertThat(Hashing.sha256Hex(grusse, 2, grusse.length()))
        .isEqualTo(java.util.HexFormat.of().formatHex(Hashing.sha256("Grüße 🔑")));
    String longInput = "k".repeat(2000);
    assertThat(Hashing.sha256Hex(longInput))
        .isEqualTo(java.util.HexFormat.of().formatHex(Hashing.sha256(longInput)));
  }

  @Test
  void aLookupByHashKeepsOnlyAnExactMatchAndReadsOnce() {
    AtomicInteger reads = new AtomicInteger();
    assertThat(HashLookup.find(HASH, h -> {
      reads.incrementAndGet();
      return Optional.of(h);
    }, row -> row)).contains(HASH);
    // A store that matched loosely (a case-insensitive collation) never lets a near-miss through.
    assertThat(HashLookup.find(HASH, h -> {
      reads.incrementAndGet();
      return Optional.of(h.toUpperCase(Locale.ROOT));
    }, row -> row)).isEmpty();
    assertThat(HashLookup.find(HASH, h -> {
      reads.incrementAndGet();
      return Optional.<String>empty();
    }, row -> row)).isEmpty();
    assertThat(reads).hasValue(3);
  }
}
