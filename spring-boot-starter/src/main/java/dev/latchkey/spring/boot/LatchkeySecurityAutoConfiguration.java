package dev.latchkey.spring.boot;

import dev.latchkey.servlet.LatchkeyAuthenticator;
import dev.latchkey.spring.security.LatchkeyAuthenticationProvider;
import dev.latchkey.spring.security.LatchkeyConfigurer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * With Spring Security on the class path and no {@code SecurityFilterChain} of the application's
 * own: a default chain in which every request needs a Latchkey session cookie or API key
 * ({@link LatchkeyConfigurer}), stateless. It takes the place of Spring Boot's default chain (form
 * login and HTTP Basic against a generated password). As soon as the application defines a
 * {@code SecurityFilterChain}, this one backs off; apply {@link LatchkeyConfigurer} to yours.
 *
 * <p>Also a {@link LatchkeyAuthenticationProvider}, so Spring Boot does not add an in-memory
 * user with a generated password (and log that password) to an application whose users sign in
 * through Latchkey.
 */
@AutoConfiguration(after = LatchkeyWebAutoConfiguration.class,
    before = {SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
public class LatchkeySecurityAutoConfiguration {

  /** Creates the auto-configuration (Spring calls it). */
  public LatchkeySecurityAutoConfiguration() {}

  /** Accepts Latchkey's authentications in an {@code AuthenticationManager}. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(LatchkeyAuthenticator.class)
  public LatchkeyAuthenticationProvider latchkeyAuthenticationProvider() {
    return new LatchkeyAuthenticationProvider();
  }

  /** Every request authenticated by Latchkey; no HTTP session. */
  @Bean
  @Order(SecurityProperties.BASIC_AUTH_ORDER)
  @ConditionalOnDefaultWebSecurity
  @ConditionalOnBean(LatchkeyAuthenticator.class)
  public SecurityFilterChain latchkeySecurityFilterChain(HttpSecurity http) throws Exception {
    return http
        .with(LatchkeyConfigurer.latchkey(), Customizer.withDefaults())
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }
}
