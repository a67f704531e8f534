package dev.latchkey.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.password.PasswordContext;
import dev.latchkey.signin.SignInResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Latchkey's timers land on the application's registry, and back off when told or unable. */
class LatchkeyMetricsAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          LatchkeyMetricsAutoConfiguration.class, LatchkeyAutoConfiguration.class))
      .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID()
          + ";DB_CLOSE_DELAY=-1", "spring.flyway.enabled=false")
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

  @Test
  void aSignInIsTimedOnTheApplicationsRegistry() {
    runner.run(context -> {
      Latchkey latchkey = context.getBean(Latchkey.class);
      latchkey.signIn().register("acct-m", "Correct-Horse-7", PasswordContext.builder().build());
      assertThat(latchkey.signIn().signIn("acct-m", "Correct-Horse-7", ClientInfo.unknown()))
          .isInstanceOf(SignInResult.SignedIn.class);
      assertThat(latchkey.signIn().signIn("acct-m", "wrong-Horse-7", ClientInfo.unknown()))
          .isInstanceOf(SignInResult.Rejected.class);

      MeterRegistry registry = context.getBean(MeterRegistry.class);
      Timer signedIn = registry.find("latchkey.signin").tag("outcome", "signed_in").timer();
      assertThat(signedIn).isNotNull();
      assertThat(signedIn.count()).isEqualTo(1);
      assertThat(registry.find("latchkey.signin").timers().stream().mapToLong(Timer::count).sum())
          .isEqualTo(2);
      assertThat(registry.find("latchkey.password.hash").timers()).isNotEmpty();
    });
  }

  @Test
  void offByPropertyThenNothingIsRecorded() {
    runner.withPropertyValues("latchkey.metrics.enabled=false").run(context -> {
      assertThat(context).hasSingleBean(Latchkey.class)
          .doesNotHaveBean("latchkeyMetricsCustomizer");
      assertThat(context.getBean(MeterRegistry.class).find("latchkey.signin").timers()).isEmpty();
    });
  }

  @Test
  void withoutTheMicrometerModuleTheStarterStillWorks() {
    runner.withClassLoader(new FilteredClassLoader("dev.latchkey.micrometer"))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Latchkey.class)
            .doesNotHaveBean("latchkeyMetricsCustomizer"));
  }
}
