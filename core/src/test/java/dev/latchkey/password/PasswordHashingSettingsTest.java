package dev.latchkey.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PasswordHashingSettingsTest {

  @Test
  void defaultsWhenNotOverriddenThenOwaspMinimumForArgon2id() {
    PasswordHashingSettings o = PasswordHashingSettings.defaults();

    assertThat(o.memoryKib())
        .isEqualTo(19_456)
        .isEqualTo(PasswordHashingSettings.DEFAULT_MEMORY_KIB);
    assertThat(o.iterations()).isEqualTo(2);
    assertThat(o.parallelism()).isEqualTo(1);
    assertThat(o.saltLength()).isEqualTo(16);
    assertThat(o.hashLength()).isEqualTo(32);
    assertThat(o.maxPasswordLength()).isEqualTo(256);
    assertThat(o.maxConcurrentHashes())
        .isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()))
        .isGreaterThanOrEqualTo(2);
    assertThat(PasswordHashingSettings.builder().build()).isEqualTo(o).hasSameHashCodeAs(o);
  }

  @Test
  void buildWhenEveryValueAtItsBoundThenAccepted() {
    PasswordHashingSettings low =
        PasswordHashingSettings.builder()
            .parallelism(1)
            .memoryKib(8)
            .iterations(1)
            .saltLength(16)
            .hashLength(16)
            .maxPasswordLength(8)
            .maxConcurrentHashes(1)
            .build();
    PasswordHashingSettings high =
        PasswordHashingSettings.builder()
            .parallelism(64)
            .memoryKib(4 * 1024 * 1024)
            .iterations(100)
            .saltLength(64)
            .hashLength(64)
            .maxPasswordLength(4096)
            .build();

    assertThat(low.memoryKib()).isEqualTo(8);
    assertThat(low.maxConcurrentHashes()).isEqualTo(1);
    assertThat(high.memoryKib()).isEqualTo(4_194_304);
    assertThat(high.parallelism()).isEqualTo(64);
  }

  static Stream<Arguments> invalidOptions() {
    return Stream.of(
        invalid(b -> b.parallelism(0), "Invalid parallelism 0; must be between 1 and 64"),
        invalid(b -> b.parallelism(65), "Invalid parallelism 65; must be between 1 and 64"),
        invalid(
            b -> b.parallelism(4).memoryKib(31),
            "Invalid memory 31 KiB; must be between 32 KiB (8 × parallelism 4) and 4194304 KiB (4"
                + " GiB)"),
        invalid(
            b -> b.memoryKib(4 * 1024 * 1024 + 1),
            "Invalid memory 4194305 KiB; must be between 8 KiB (8 × parallelism 1) and 4194304 KiB"
                + " (4 GiB)"),
        invalid(b -> b.iterations(0), "Invalid iterations 0; must be between 1 and 100"),
        invalid(b -> b.iterations(101), "Invalid iterations 101; must be between 1 and 100"),
        invalid(
            b -> b.saltLength(15), "Invalid salt length 15 bytes; must be between 16 and 64 bytes"),
        invalid(
            b -> b.saltLength(65), "Invalid salt length 65 bytes; must be between 16 and 64 bytes"),
        invalid(
            b -> b.hashLength(15), "Invalid hash length 15 bytes; must be between 16 and 64 bytes"),
        invalid(
            b -> b.hashLength(65), "Invalid hash length 65 bytes; must be between 16 and 64 bytes"),
        invalid(
            b -> b.maxPasswordLength(7),
            "Invalid max password length 7 code points; must be between 8 and 4096 code points"),
        invalid(
            b -> b.maxPasswordLength(4097),
            "Invalid max password length 4097 code points; must be between 8 and 4096 code points"),
        invalid(
            b -> b.maxConcurrentHashes(0), "Invalid max concurrent hashes 0; must be at least 1"));
  }

  private static Arguments invalid(
      UnaryOperator<PasswordHashingSettings.Builder> change, String message) {
    return Arguments.of(change, message);
  }

  @ParameterizedTest
  @MethodSource("invalidOptions")
  void buildWhenValueOutOfRangeThenRejectedNamingValueAndRange(
      UnaryOperator<PasswordHashingSettings.Builder> change, String message) {
    PasswordHashingSettings.Builder builder = change.apply(PasswordHashingSettings.builder());

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void toStringWhenCalledThenShowsEveryParameter() {
    assertThat(TestOptions.TINY.toString())
        .contains("m=64 KiB", "t=1", "p=1", "salt=16 B", "hash=32 B", "maxPasswordLength=256");
  }
}
