package dev.latchkey.servlet;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link LatchkeyAuthenticator#authenticate}: {@link Authenticated} with a
 * principal, {@link Anonymous} when the rule asks for no credentials and the request passed, or
 * {@link Refused} with everything an answer needs (status, stable code, message,
 * {@code WWW-Authenticate}). {@link LatchkeyFilter} writes that answer as JSON; another
 * integration (a Spring Security entry point) may write it its own way.
 */
public sealed interface RequestAuthentication {

  /** Whether the request may go on ({@link Authenticated} or {@link Anonymous}). */
  boolean isAllowed();

  /** The request authenticated; {@link #principal()} carries the proof. */
  final class Authenticated implements RequestAuthentication {
    private final LatchkeyPrincipal principal;

    Authenticated(LatchkeyPrincipal principal) {
      this.principal = principal;
    }

    /** A {@link SessionPrincipal} or an {@link ApiKeyPrincipal}. */
    public LatchkeyPrincipal principal() {
      return principal;
    }

    @Override
    public boolean isAllowed() {
      return true;
    }

    @Override
    public String toString() {
      return "Authenticated[" + principal + "]";
    }
  }

  /** The rule asks for no credentials ({@link Access#sameOrigin()}) and the request passed. */
  final class Anonymous implements RequestAuthentication {
    static final Anonymous INSTANCE = new Anonymous();

    private Anonymous() {}

    @Override
    public boolean isAllowed() {
      return true;
    }

    @Override
    public String toString() {
      return "Anonymous";
    }
  }

  /**
   * The request is refused. Show the caller {@link #status()}, {@link #code()},
   * {@link #message()} and {@link #wwwAuthenticate()}; log {@link #logDetail()}, which may be more
   * precise than what the caller learns (a revoked API key answers like one never issued).
   */
  final class Refused implements RequestAuthentication {
    private final Reason reason;
    private final String code;
    private final String message;
    private final String wwwAuthenticate;
    private final boolean clearsSessionCookie;
    private final String logDetail;

    Refused(Reason reason, String code, String message, String wwwAuthenticate,
        boolean clearsSessionCookie, String logDetail) {
      this.reason = Objects.requireNonNull(reason, "reason");
      this.code = Objects.requireNonNull(code, "code");
      this.message = Objects.requireNonNull(message, "message");
      this.wwwAuthenticate = wwwAuthenticate;
      this.clearsSessionCookie = clearsSessionCookie;
      this.logDetail = Objects.requireNonNull(logDetail, "logDetail");
    }

    /** Why, as a type: what an integration switches on. */
    public Reason reason() {
      return reason;
    }

    /** 401 or 403: {@code reason().httpStatus()}. */
    public int status() {
      return reason.httpStatus();
    }

    /**
     * The stable code for the caller: {@code unauthenticated}, {@code missing_api_key},
     * {@code invalid_api_key}, {@code session_expired}, {@code session_revoked},
     * {@code insufficient_scope}, {@code two_factor_enrollment_required},
     * {@code cross_site_request} or {@code json_content_type_required}.
     */
    public String code() {
      return code;
    }

    /** A sentence for the caller; never contains a token, a key or the precise key state. */
    public String message() {
      return message;
    }

    /**
     * The {@code WWW-Authenticate} value (RFC 6750 §3) when the rule accepts API keys:
     * {@code Bearer realm="api"}, with {@code error="invalid_token"} or
     * {@code error="insufficient_scope", scope="…"} when a key was sent. Empty for rules that
     * accept only session cookies, which are no HTTP authentication scheme.
     */
    public Optional<String> wwwAuthenticate() {
      return Optional.ofNullable(wwwAuthenticate);
    }

    /**
     * Whether the answer should clear the session cookie: it held a token that will never work
     * again (unknown, expired, revoked), and a browser gains nothing by sending it.
     */
    public boolean clearsSessionCookie() {
      return clearsSessionCookie;
    }

    /**
     * For the server log only: the precise reason ({@code api_key revoked}, {@code session
     * idle_expired}…); never a secret.
     */
    public String logDetail() {
      return logDetail;
    }

    @Override
    public boolean isAllowed() {
      return false;
    }

    @Override
    public String toString() {
      return "Refused[" + reason + ", " + code + ", " + logDetail + "]";
    }
  }

  /** Why a request was refused, and its status. */
  enum Reason {
    /** No usable credentials: no session cookie, no {@code Authorization: Bearer}. 401. */
    MISSING_CREDENTIALS(401),
    /** The session cookie's token is unknown, expired or revoked. 401. */
    INVALID_SESSION(401),
    /** The API key is malformed, unknown, revoked or expired. 401. */
    INVALID_API_KEY(401),
    /** The API key is valid but its permission or scopes fall short. 403. */
    INSUFFICIENT_SCOPE(403),
    /** The session may only enrol a second factor, and this endpoint is not enrolment. 403. */
    ENROLLMENT_REQUIRED(403),
    /** A state-changing request a cookie would authenticate, from another site. 403. */
    CROSS_SITE_REQUEST(403);

    private final int httpStatus;

    Reason(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** 401 (authenticate, or authenticate again) or 403 (authenticating again would not help). */
    public int httpStatus() {
      return httpStatus;
    }
  }
}
