package dev.latchkey.passkeys;

import com.webauthn4j.verifier.attestation.statement.AttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.none.NoneAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.NullCertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.self.NullSelfAttestationTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.self.SelfAttestationTrustworthinessVerifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who the relying party is and what its ceremonies accept: the RP id, the origins the browser may
 * report, the challenge lifetime, user verification and attestation.
 *
 * <pre>{@code
 * PasskeySettings.builder()
 *     .relyingParty("example.com", "Example")              // RP id: your registrable domain
 *     .origins("https://example.com", "https://app.example.com")
 *     .build();
 * }</pre>
 *
 * <p>Safe defaults: challenges live {@link #DEFAULT_CHALLENGE_LIFETIME} (5 minutes); user
 * verification is {@link UserVerification#PREFERRED} for registration and second factor (a
 * passwordless sign-in always requires it); attestation is not requested and only the
 * {@code none} format is accepted, so no authenticator model is favoured and no attestation
 * certificate is trusted by accident. Accepting other formats takes a named call,
 * {@link Builder#acceptAttestation}.
 *
 * <p>Immutable and thread-safe.
 */
public final class PasskeySettings {
  /** How long a challenge can be answered unless configured otherwise: 5 minutes. */
  public static final Duration DEFAULT_CHALLENGE_LIFETIME = Duration.ofMinutes(5);
  /** The shortest challenge lifetime accepted: 30 seconds. */
  public static final Duration MIN_CHALLENGE_LIFETIME = Duration.ofSeconds(30);
  /** The longest challenge lifetime accepted: 10 minutes (WebAuthn's recommended upper bound). */
  public static final Duration MAX_CHALLENGE_LIFETIME = Duration.ofMinutes(10);

  private static final Pattern RP_ID =
      Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  private final String rpId;
  private final String rpName;
  private final Set<String> origins;
  private final Duration challengeLifetime;
  private final UserVerification userVerification;
  private final List<AttestationStatementVerifier> attestationVerifiers;
  private final CertPathTrustworthinessVerifier certPathTrust;
  private final SelfAttestationTrustworthinessVerifier selfAttestationTrust;
  private final boolean requestAttestation;

  private PasskeySettings(Builder b) {
    this.rpId = b.rpId;
    this.rpName = b.rpName;
    this.origins = Set.copyOf(b.origins);
    this.challengeLifetime = b.challengeLifetime;
    this.userVerification = b.userVerification;
    this.attestationVerifiers = List.copyOf(b.attestationVerifiers);
    this.certPathTrust = b.certPathTrust;
    this.selfAttestationTrust = b.selfAttestationTrust;
    this.requestAttestation = b.requestAttestation;
  }

  /** A builder; {@link Builder#relyingParty} and {@link Builder#origins} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The RP id: the domain passkeys are bound to ({@code example.com}). */
  public String rpId() {
    return rpId;
  }

  /** The RP name authenticators may show ({@code Example}). */
  public String rpName() {
    return rpName;
  }

  /** The origins a response may come from ({@code https://example.com}). */
  public Set<String> origins() {
    return origins;
  }

  /** How long a challenge can be answered. */
  public Duration challengeLifetime() {
    return challengeLifetime;
  }

  /** The user-verification requirement of registration and second-factor ceremonies. */
  public UserVerification userVerification() {
    return userVerification;
  }

  /** Whether registration options ask for attestation ({@code direct}) or not ({@code none}). */
  public boolean requestsAttestation() {
    return requestAttestation;
  }

  List<AttestationStatementVerifier> attestationVerifiers() {
    return attestationVerifiers;
  }

  CertPathTrustworthinessVerifier certPathTrust() {
    return certPathTrust;
  }

  SelfAttestationTrustworthinessVerifier selfAttestationTrust() {
    return selfAttestationTrust;
  }

  @Override
  public String toString() {
    return "PasskeySettings[rpId=" + rpId + ", origins=" + origins + ", challengeLifetime="
        + challengeLifetime + ", userVerification=" + userVerification.code()
        + ", attestation=" + (requestAttestation ? "direct" : "none") + "]";
  }

  /** Builds {@link PasskeySettings}; {@link #build()} checks every value. */
  public static final class Builder {
    private String rpId;
    private String rpName;
    private final Set<String> origins = new LinkedHashSet<>();
    private Duration challengeLifetime = DEFAULT_CHALLENGE_LIFETIME;
    private UserVerification userVerification = UserVerification.PREFERRED;
    private List<AttestationStatementVerifier> attestationVerifiers =
        List.of(new NoneAttestationStatementVerifier());
    private CertPathTrustworthinessVerifier certPathTrust =
        new NullCertPathTrustworthinessVerifier();
    private SelfAttestationTrustworthinessVerifier selfAttestationTrust =
        new NullSelfAttestationTrustworthinessVerifier();
    private boolean requestAttestation;

    private Builder() {}

    /**
     * The relying party (required).
     *
     * @param id the RP id: a lower-case domain, the site's registrable domain or a parent of the
     *     origins' hosts ({@code example.com}; {@code localhost} in development)
     * @param name a human-readable name (1 to 64 characters)
     */
    public Builder relyingParty(String id, String name) {
      this.rpId = Objects.requireNonNull(id, "id");
      this.rpName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The origins responses may come from (at least one): {@code https://host[:port]}, or
     * {@code http://localhost[:port]} in development. Each host must be the RP id or a subdomain
     * of it.
     */
    public Builder origins(String... values) {
      for (String o : values) {
        origins.add(Objects.requireNonNull(o, "origin"));
      }
      return this;
    }

    /** How long a challenge can be answered (30 seconds to 10 minutes; default 5 minutes). */
    public Builder challengeLifetime(Duration value) {
      this.challengeLifetime = Objects.requireNonNull(value, "challengeLifetime");
      return this;
    }

    /** The user-verification requirement of registration and second factor (default preferred). */
    public Builder userVerification(UserVerification value) {
      this.userVerification = Objects.requireNonNull(value, "userVerification");
      return this;
    }

    /**
     * Asks for attestation ({@code attestation: "direct"}) and accepts the formats these webauthn4j
     * verifiers check, under these trust verifiers (with the {@code none} format still accepted).
     * Use it only to restrict authenticator models (with a trust store or FIDO metadata); a
     * consumer site rarely needs it, and attestation makes some browsers ask the user for consent.
     */
    public Builder acceptAttestation(List<AttestationStatementVerifier> verifiers,
        CertPathTrustworthinessVerifier certPath, SelfAttestationTrustworthinessVerifier self) {
      Objects.requireNonNull(verifiers, "verifiers");
      List<AttestationStatementVerifier> all = new java.util.ArrayList<>(verifiers);
      all.add(new NoneAttestationStatementVerifier());
      this.attestationVerifiers = List.copyOf(all);
      this.certPathTrust = Objects.requireNonNull(certPath, "certPath");
      this.selfAttestationTrust = Objects.requireNonNull(self, "self");
      this.requestAttestation = true;
      return this;
    }

    /**
     * Checks and freezes the settings.
     *
     * @throws IllegalStateException when the relying party or the origins are missing
     * @throws IllegalArgumentException naming a value out of range
     */
    public PasskeySettings build() {
      if (rpId == null) {
        throw new IllegalStateException("No relying party: call relyingParty(id, name)");
      }
      if (!RP_ID.matcher(rpId).matches()) {
        throw new IllegalArgumentException("Invalid RP id " + rpId
            + "; must be a lower-case domain name without scheme or port, such as example.com");
      }
      if (rpName.isBlank() || rpName.length() > 64) {
        throw new IllegalArgumentException("Invalid RP name; must be 1 to 64 characters");
      }
      if (origins.isEmpty()) {
        throw new IllegalStateException(
            "No origins: call origins(\"https://" + rpId + "\") with every origin of the site");
      }
      for (String origin : origins) {
        checkOrigin(origin, rpId);
      }
      if (challengeLifetime.compareTo(MIN_CHALLENGE_LIFETIME) < 0
          || challengeLifetime.compareTo(MAX_CHALLENGE_LIFETIME) > 0) {
        throw new IllegalArgumentException("Invalid challengeLifetime " + challengeLifetime
            + "; must be between " + MIN_CHALLENGE_LIFETIME + " and " + MAX_CHALLENGE_LIFETIME);
      }
      return new PasskeySettings(this);
    }

    private static void checkOrigin(String origin, String rpId) {
      URI uri;
      try {
        uri = new URI(origin);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("Invalid origin " + origin
            + "; must be https://host[:port] (or http://localhost[:port])", e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme();
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      boolean bare = (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getQuery() == null
          && uri.getFragment() == null && uri.getUserInfo() == null;
      boolean secure = scheme.equals("https") || (scheme.equals("http") && host.equals("localhost"));
      if (!secure || !bare || host.isEmpty()) {
        throw new IllegalArgumentException("Invalid origin " + origin
            + "; must be https://host[:port] (or http://localhost[:port]), without a path");
      }
      if (!host.equals(rpId) && !host.endsWith("." + rpId)) {
        throw new IllegalArgumentException("Invalid origin " + origin + " for RP id " + rpId
            + "; its host must be " + rpId + " or a subdomain of it");
      }
    }
  }
}
