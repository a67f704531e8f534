package dev.latchkey.spring.security;

import dev.latchkey.servlet.LatchkeyAuthenticator;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Puts Latchkey into a {@code SecurityFilterChain}: requests authenticate by session cookie or
 * {@code Authorization: Bearer} API key, and the chain answers 401/403 as Latchkey's servlet
 * filter does (RFC 6750 challenges, {@code {"error":{…}}} bodies).
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain api(HttpSecurity http) throws Exception {
 *   return http
 *       .with(LatchkeyConfigurer.latchkey(), latchkey -> latchkey
 *           .sameOrigin("/api/signup", "/api/login", "/api/login/mfa"))
 *       .authorizeHttpRequests(requests -> requests
 *           .requestMatchers("/api/signup", "/api/login", "/api/login/mfa").permitAll()
 *           .anyRequest().authenticated())
 *       .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
 *       .build();
 * }
 * }</pre>
 *
 * <h2>What it changes in the chain</h2>
 * <ul>
 *   <li>Adds the authentication filter before {@code AnonymousAuthenticationFilter}. A valid
 *       credential becomes a {@link LatchkeyAuthentication} (authorities:
 *       {@link LatchkeyAuthorities}); the context is kept for the request only, never in an
 *       {@code HttpSession}. A missing or refused credential leaves the request anonymous.
 *   <li>Registers {@link LatchkeyAuthenticationEntryPoint} and {@link LatchkeyAccessDeniedHandler}
 *       as the default entry point and access-denied handler (the application's own, set with
 *       {@code exceptionHandling}, win).
 *   <li>Cross-site requests: Latchkey's {@code CrossSiteCheck} ({@code Sec-Fetch-Site}, else
 *       {@code Origin} against {@code Host}, else a JSON body) refuses, with 403, every
 *       state-changing request that carries the session cookie and every one on a
 *       {@link #sameOrigin} path. Spring Security's CSRF token check is therefore skipped for those
 *       requests and for requests with a Bearer key (a page cannot make a browser send one); it
 *       still guards everything else.
 *   <li>An enrolment-only session (two-factor set-up required) stays unauthenticated — 403
 *       {@code two_factor_enrollment_required} where authentication is needed — except on the
 *       {@link #allowEnrollment} paths, where it authenticates with the one authority
 *       {@link LatchkeyAuthorities#ENROLLMENT_ONLY}.
 * </ul>
 */
public final class LatchkeyConfigurer extends AbstractHttpConfigurer<LatchkeyConfigurer, HttpSecurity> {
  private LatchkeyAuthenticator authenticator;
  private final List<RequestMatcher> sameOrigin = new ArrayList<>();
  private final List<RequestMatcher> enrollment = new ArrayList<>();

  private LatchkeyConfigurer() {}

  /** A configurer that takes the application's {@link LatchkeyAuthenticator} bean. */
  public static LatchkeyConfigurer latchkey() {
    return new LatchkeyConfigurer();
  }

  /** Uses this authenticator instead of the application context's bean. */
  public LatchkeyConfigurer authenticator(LatchkeyAuthenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    return this;
  }

  /**
   * Paths that need no credentials but whose state-changing requests must come from the
   * application's own origin: sign-up and sign-in, so another site cannot sign a browser into an
   * account of its choosing (login CSRF). Spring path patterns ({@code /api/login},
   * {@code /api/signup/**}).
   */
  public LatchkeyConfigurer sameOrigin(String... pathPatterns) {
    return sameOrigin(matchers(pathPatterns));
  }

  /** {@link #sameOrigin(String...)} with request matchers. */
  public LatchkeyConfigurer sameOrigin(RequestMatcher... matchers) {
    sameOrigin.addAll(Arrays.asList(matchers));
    return this;
  }

  /**
   * Paths an enrolment-only session may use: two-factor status, set-up and confirmation, sign-out.
   */
  public LatchkeyConfigurer allowEnrollment(String... pathPatterns) {
    return allowEnrollment(matchers(pathPatterns));
  }

  /** {@link #allowEnrollment(String...)} with request matchers. */
  public LatchkeyConfigurer allowEnrollment(RequestMatcher... matchers) {
    enrollment.addAll(Arrays.asList(matchers));
    return this;
  }

  @Override
  public void init(HttpSecurity http) {
    LatchkeyAuthenticator auth = authenticator(http);
    ExceptionHandlingConfigurer<HttpSecurity> exceptions =
        http.getConfigurer(ExceptionHandlingConfigurer.class);
    if (exceptions != null) {
      exceptions.defaultAuthenticationEntryPointFor(new LatchkeyAuthenticationEntryPoint(auth),
          AnyRequestMatcher.INSTANCE);
      exceptions.defaultAccessDeniedHandlerFor(new LatchkeyAccessDeniedHandler(auth),
          AnyRequestMatcher.INSTANCE);
    }
    CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
    if (csrf != null) {
      List<RequestMatcher> checkedByLatchkey = new ArrayList<>(sameOrigin);
      checkedByLatchkey.add(request -> hasBearer(request) || hasSessionCookie(request, auth));
      csrf.ignoringRequestMatchers(new OrRequestMatcher(checkedByLatchkey));
    }
  }

  @Override
  public void configure(HttpSecurity http) {
    LatchkeyAuthenticator auth = authenticator(http);
    LatchkeyAuthenticationFilter filter = new LatchkeyAuthenticationFilter(auth,
        anyOf(sameOrigin), anyOf(enrollment));
    http.addFilterBefore(postProcess(filter), AnonymousAuthenticationFilter.class);
  }

  private LatchkeyAuthenticator authenticator(HttpSecurity http) {
    if (authenticator == null) {
      ApplicationContext context = http.getSharedObject(ApplicationContext.class);
      if (context == null) {
        throw new IllegalStateException("No LatchkeyAuthenticator: outside a Spring application"
            + " context, call LatchkeyConfigurer.authenticator(...)");
      }
      authenticator = context.getBean(LatchkeyAuthenticator.class);
    }
    return authenticator;
  }

  private static RequestMatcher[] matchers(String... pathPatterns) {
    return Arrays.stream(pathPatterns)
        .map(p -> PathPatternRequestMatcher.withDefaults().matcher(p))
        .toArray(RequestMatcher[]::new);
  }

  private static RequestMatcher anyOf(List<RequestMatcher> matchers) {
    return matchers.isEmpty() ? request -> false : new OrRequestMatcher(matchers);
  }

  private static boolean hasBearer(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    return header != null && header.length() > 6
        && header.substring(0, 7).toLowerCase(Locale.ROOT).startsWith("bearer ");
  }

  private static boolean hasSessionCookie(HttpServletRequest request, LatchkeyAuthenticator auth) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return false;
    }
    String secure = auth.sessionCookie().name(true);
    String plain = auth.sessionCookie().name(false);
    for (Cookie c : cookies) {
      if (secure.equals(c.getName()) || plain.equals(c.getName())) {
        return true;
      }
    }
    return false;
  }
}
