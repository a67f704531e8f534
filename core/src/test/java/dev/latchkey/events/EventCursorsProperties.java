package dev.latchkey.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.spi.EventPosition;
import java.time.Instant;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class EventCursorsProperties {

  @Property
  void aCursorDecodesToThePositionItWasMadeFrom(
      @ForAll @LongRange(min = -62_000_000_000_000L, max = 250_000_000_000_000L) long millis,
      @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 64) String id) {
    EventPosition p = new EventPosition(Instant.ofEpochMilli(millis), id);
    String cursor = EventCursors.encode(p);
    assertThat(cursor).matches("[A-Za-z0-9_-]+");
    assertThat(EventCursors.decode(cursor)).contains(p);
    assertThat(EventQuery.isWellFormedCursor(cursor)).isTrue();
  }

  @Property
  void anyStringDecodesOrIsRefusedWithoutThrowing(@ForAll String junk) {
    EventCursors.decode(junk);
    assertThat(EventQuery.isWellFormedCursor(junk)).isEqualTo(EventCursors.decode(junk).isPresent());
  }

  @Test
  void tamperedCursorsAreRefusedByTheQuery() {
    String good = EventCursors.encode(new EventPosition(Instant.EPOCH, "abc"));
    for (String bad : new String[] {"", "x", "%%%", good + "!", "MTpfOmFiYw", "Mjox",
        "x".repeat(500)}) {
      assertThat(EventQuery.isWellFormedCursor(bad)).as(bad).isFalse();
      assertThatThrownBy(() -> EventQuery.of(10, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining(bad.length() < 4 ? "\u0000" : bad);
    }
    assertThat(EventQuery.of(10, good).cursor()).isEqualTo(good);
  }

  @Test
  void limitsOutsideOneToAHundredAreRefused() {
    assertThatThrownBy(() -> EventQuery.firstPage(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EventQuery.firstPage(101))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(EventQuery.firstPage(1).limit()).isEqualTo(1);
    assertThat(EventQuery.firstPage(100).withTypes(Set.of(SecurityEventType.SIGN_OUT)).types())
        .containsExactly(SecurityEventType.SIGN_OUT);
  }

  @Test
  void everyTypeCodeIsUniqueAndRoundTrips() {
    for (SecurityEventType t : SecurityEventType.values()) {
      assertThat(SecurityEventType.fromCode(t.code())).contains(t);
      assertThat(t.code()).matches("[a-z_]+(\\.[a-z_]+)?");
    }
    assertThat(SecurityEventType.fromCode("sign_in.teleported")).isEmpty();
    assertThat(SecurityEventType.fromCode(null)).isEmpty();
  }
}
