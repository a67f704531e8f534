package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TotpSettingsTest {
  @Test
  void defaultsAreTheNamedConstants() {
    TotpSettings s = TotpSettings.withIssuer("Latchkey Demo");
    assertThat(s.issuer()).isEqualTo("Latchkey Demo");
    assertThat(s.algorithm()).isEqualTo(TotpSettings.Algorithm.SHA1);
    assertThat(s.digits()).isEqualTo(6);
    assertThat(s.period()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.window()).isEqualTo(1);
    assertThat(s.qrSize()).isEqualTo(256);
    assertThat(s.qrErrorCorrection()).isEqualTo(TotpSettings.QrErrorCorrection.M);
    assertThat(s.toString()).contains("issuer=Latchkey Demo", "digits=6");
  }

  @Test
  void everyOptionCanBeSetWithinItsRange() {
    TotpSettings s = TotpSettings.builder().issuer("X").algorithm(TotpSettings.Algorithm.SHA512)
        .digits(8).period(Duration.ofSeconds(120)).window(3).qrSize(1024)
        .qrErrorCorrection(TotpSettings.QrErrorCorrection.H).build();
    assertThat(s.algorithm()).isEqualTo(TotpSettings.Algorithm.SHA512);
    assertThat(s.digits()).isEqualTo(8);
    assertThat(s.period()).isEqualTo(Duration.ofSeconds(120));
    assertThat(s.window()).isEqualTo(3);
    assertThat(s.qrSize()).isEqualTo(1024);
    TotpSettings low = TotpSettings.builder().issuer("X").period(Duration.ofSeconds(15)).window(0)
        .qrSize(64).build();
    assertThat(low.window()).isZero();
  }

  @Test
  void buildNamesTheBadValueAndTheAllowedRange() {
    assertThatThrownBy(() -> TotpSettings.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("issuer(...)");
    assertThatThrownBy(() -> TotpSettings.withIssuer(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 100");
    assertThatThrownBy(() -> TotpSettings.withIssuer("a".repeat(101)))
        .hasMessageContaining("length 101");
    assertThatThrownBy(() -> TotpSettings.withIssuer("bad\nissuer"))
        .hasMessageContaining("control characters");
    assertThatThrownBy(() -> TotpSettings.withIssuer("broken \ud800"))
        .hasMessageContaining("well-formed");
    assertThatThrownBy(() -> TotpSettings.builder().issuer("X").digits(7).build())
        .hasMessage("Invalid digits 7; only 6 or 8 are allowed");
    assertThatThrownBy(() -> TotpSettings.builder().issuer("X").period(Duration.ofSeconds(14))
        .build()).hasMessage("Invalid period PT14S; must be whole seconds between PT15S and PT2M");
    assertThatThrownBy(() -> TotpSettings.builder().issuer("X").period(Duration.ofMillis(30500))
        .build()).hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> TotpSettings.builder().issuer("X").period(Duration.ofSeconds(121))
        .build()).hasMessageContaining("PT2M1S");
    assertThatThrownBy(() -> TotpSettings.builder().issuer("X").window(4).build())
        .hasMessage("Invalid window 4; must be between 0 and 3 steps");
    assertThatThrownBy(() -> TotpSettings.builder().issuer("X").window(-1).build())
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> TotpSettings.builder().issuer("X").qrSize(63).build())
        .hasMessage("Invalid qrSize 63; must be between 64 and 1024 pixels");
    assertThatThrownBy(() -> TotpSettings.builder().issuer("X").qrSize(1025).build())
        .hasMessageContaining("1025");
  }
}
