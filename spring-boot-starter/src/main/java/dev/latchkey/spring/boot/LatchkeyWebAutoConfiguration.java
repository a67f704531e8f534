package dev.latchkey.spring.boot;

import dev.latchkey.Latchkey;
import dev.latchkey.client.TrustedProxies;
import dev.latchkey.http.CookieRules;
import dev.latchkey.servlet.LatchkeyAuthenticator;
import java.security.SecureRandom;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * In a servlet web application: the {@link LatchkeyAuthenticator} that turns a request into a
 * typed authentication (session cookie or API key), with {@code latchkey.security.realm},
 * {@code latchkey.security.trusted-proxies} and {@code latchkey.security.same-site}. The Spring
 * Security integration and the application's controllers use it to read and set cookies and to
 * resolve the client's address. Backs off when the application defines its own.
 */
@AutoConfiguration(after = LatchkeyAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({LatchkeyAuthenticator.class, jakarta.servlet.http.HttpServletRequest.class})
public class LatchkeyWebAutoConfiguration {

  /** Creates the auto-configuration (Spring calls it). */
  public LatchkeyWebAutoConfiguration() {}

  /**
   * The authenticator over the {@code Latchkey} bean; request ids come from the application's
   * {@link SecureRandom} bean, or a new one.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(Latchkey.class)
  public LatchkeyAuthenticator latchkeyAuthenticator(Latchkey latchkey,
      LatchkeyProperties properties, ObjectProvider<SecureRandom> random) {
    LatchkeyProperties.Security security = properties.getSecurity();
    CookieRules cookie = security.getSameSite() == LatchkeyProperties.SameSite.STRICT
        ? CookieRules.session().sameSiteStrict() : CookieRules.session();
    return LatchkeyAuthenticator.builder(latchkey, random.getIfUnique(SecureRandom::new))
        .realm(security.getRealm())
        .trustedProxies(security.getTrustedProxies().isEmpty() ? TrustedProxies.none()
            : TrustedProxies.of(security.getTrustedProxies()))
        .sessionCookie(cookie)
        .build();
  }
}
