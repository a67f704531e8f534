package dev.latchkey.examples.spring;

import dev.latchkey.spring.security.LatchkeyAuthorities;
import dev.latchkey.spring.security.LatchkeyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what. Latchkey authenticates (session cookie or API key); the rules here and the
 * {@code @PreAuthorize} annotations on the API authorize.
 */
@Configuration
@EnableMethodSecurity
class SecurityConfig {
  private static final String[] SIGN_IN = {"/api/signup", "/api/login", "/api/login/mfa"};

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
    return http
        // Sign-up and sign-in need no credentials, but must come from this site (login CSRF).
        .with(LatchkeyConfigurer.latchkey(), latchkey -> latchkey.sameOrigin(SIGN_IN))
        .authorizeHttpRequests(requests -> requests
            .requestMatchers(SIGN_IN).permitAll()
            .requestMatchers("/actuator/health").permitAll()
            // Settings → Security: the signed-in user, never an API key.
            .requestMatchers("/api/**").hasAuthority(LatchkeyAuthorities.SESSION)
            // The API: keys (or the user's own session); scopes on each method.
            .requestMatchers("/v1/**").authenticated()
            .anyRequest().denyAll())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }
}
