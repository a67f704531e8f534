package dev.latchkey.spring.boot;

import dev.latchkey.store.jdbc.JdbcStores;
import javax.sql.DataSource;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * With Spring Boot Actuator: the {@code latchkey} health contributor for the JDBC stores
 * ({@code management.health.latchkey.enabled=false} turns it off).
 */
@AutoConfiguration(after = LatchkeyAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnEnabledHealthIndicator("latchkey")
public class LatchkeyHealthAutoConfiguration {

  /** Creates the auto-configuration (Spring calls it). */
  public LatchkeyHealthAutoConfiguration() {}

  /** The health of the JDBC stores. */
  @Bean(name = "latchkeyHealthIndicator")
  @ConditionalOnMissingBean(name = "latchkeyHealthIndicator")
  @ConditionalOnBean(JdbcStores.class)
  @ConditionalOnSingleCandidate(DataSource.class)
  public LatchkeyHealthIndicator latchkeyHealthIndicator(DataSource dataSource,
      JdbcStores stores) {
    return new LatchkeyHealthIndicator(dataSource, stores);
  }
}
