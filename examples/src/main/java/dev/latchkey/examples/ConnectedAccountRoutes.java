package dev.latchkey.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.Latchkey;
import dev.latchkey.common.LatchkeyException;
import dev.latchkey.connected.ConnectedAccount;
import dev.latchkey.connected.ConnectedAccountLinkResult;
import dev.latchkey.connected.ConnectedAccountUnlinkResult;
import dev.latchkey.session.ValidatedSession;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The "Connected accounts" part of Settings → Security: sign-in providers linked to the account.
 *
 * <pre>
 * GET    /api/security/connected-accounts              [{provider, email, linked_at}]
 * DELETE /api/security/connected-accounts/{provider}   200 {other_sessions_ended} + new cookie
 *                                                      · 403 reauthentication_required
 *                                                      · 404 not_linked · 409 last_sign_in_method
 * POST   /api/security/connected-accounts/{provider}/simulate-link {subject?, email?}
 *                                                      201 {provider, email, linked_at,
 *                                                      other_sessions_ended} + new cookie
 *                                                      · 403 reauthentication_required
 *                                                      · 409 linked_to_another_account
 *                                                      · 409 provider_already_linked
 * </pre>
 *
 * <p>Linking and unlinking add or remove a way into the account: Latchkey asks for a recent
 * authentication first, then signs the account's other sessions out and re-keys this one.
 *
 * <p>Linking is <em>simulated</em>: the demo cannot reach GitHub, Google or GitLab, so the
 * simulated identity is picked by email address ({@link #simulatedSubject}): "Connect Google" links
 * the Google identity of the account's email, and "Sign in with Google" with that email finds it
 * again. Deterministic on purpose: an identity nobody can name again would be a way into the
 * account that nobody can use. A real app links only after the provider's
 * OAuth / OpenID Connect callback has verified the identity, and takes {@code subject} and
 * {@code email} from the verified token, never from the request.
 */
final class ConnectedAccountRoutes {
  /** The providers the demo knows, with the names the page shows. */
  static final Map<String, String> PROVIDERS =
      Map.of("github", "GitHub", "google", "Google", "gitlab", "GitLab");

  private final Latchkey latchkey;
  private final Accounts accounts;
  private final SessionAuth auth;
  private final SessionCookie cookie;
  private final ClientRequests requests;

  ConnectedAccountRoutes(Latchkey latchkey, Accounts accounts, SessionAuth auth,
      SessionCookie cookie, ClientRequests requests) {
    this.requests = requests;
    this.latchkey = latchkey;
    this.accounts = accounts;
    this.auth = auth;
    this.cookie = cookie;
  }

  void register(JavalinDefaultRouting router) {
    router.get("/api/security/connected-accounts", this::list);
    router.delete("/api/security/connected-accounts/{provider}", this::unlink);
    router.post("/api/security/connected-accounts/{provider}/simulate-link", this::simulateLink);
  }

  private void list(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (ConnectedAccount account : latchkey.connectedAccounts().list(session.accountId())) {
      out.add(json(account));
    }
    ctx.json(out);
  }

  private void unlink(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    String provider = provider(ctx);
    ConnectedAccountUnlinkResult result =
        latchkey.connectedAccounts().unlink(session, provider, requests.clientInfo(ctx));
    if (result instanceof ConnectedAccountUnlinkResult.Unlinked unlinked) {
      cookie.renew(ctx, unlinked.sessions());
      ctx.json(TwoFactorRoutes.withSessionsEnded(Json.object(), unlinked.sessions()));
      return;
    }
    if (result instanceof ConnectedAccountUnlinkResult.ReauthenticationRequired) {
      throw ApiError.reauthenticationRequired();
    }
    if (result instanceof ConnectedAccountUnlinkResult.NotLinked) {
      throw ApiError.notFound("not_linked",
          "No " + label(provider) + " account is connected to this account.");
    }
    throw ApiError.conflict("last_sign_in_method", "This is your only way to sign in. Set a"
        + " password or connect another account first.");
  }

  private void simulateLink(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    String provider = provider(ctx);
    ObjectNode body = Json.body(ctx);
    String email;
    JsonNode rawEmail = body.get("email");
    if (rawEmail == null || rawEmail.isNull()) {
      email = accounts.findById(session.accountId()).map(Accounts.Account::email).orElse(null);
    } else if (rawEmail.isTextual()) {
      email = Accounts.normalizeEmail(rawEmail.textValue()).orElseThrow(() ->
          ApiError.unprocessable("invalid_email", "Enter a valid email address."));
    } else {
      throw ApiError.badRequest("invalid_request", "The field 'email' must be a string.");
    }
    String subject = subject(body, email);
    ConnectedAccountLinkResult result =
        latchkey.connectedAccounts().link(session, provider, subject, email,
            requests.clientInfo(ctx));
    if (!(result instanceof ConnectedAccountLinkResult.Linked linked)) {
      throw linkError(result, provider);
    }
    cookie.renew(ctx, linked.sessions());
    ctx.status(201).json(TwoFactorRoutes.withSessionsEnded(json(linked.account()),
        linked.sessions()));
  }

  /** The {@code provider} path parameter, one of {@link #PROVIDERS}; 404 otherwise. */
  static String provider(Context ctx) {
    String provider = ctx.pathParam("provider");
    if (!PROVIDERS.containsKey(provider)) {
      throw ApiError.notFound("unknown_provider",
          "Unknown sign-in provider. The demo knows github, google and gitlab.");
    }
    return provider;
  }

  /** The provider's display name. */
  static String label(String provider) {
    return PROVIDERS.getOrDefault(provider, provider);
  }

  /**
   * The optional {@code subject} field: the provider's id for the user; when absent, the simulated
   * identity of {@code email} ({@link #simulatedSubject}).
   */
  static String subject(ObjectNode body, String email) {
    JsonNode subject = body.get("subject");
    if (subject == null || subject.isNull()
        || (subject.isTextual() && subject.textValue().isBlank())) {
      if (email == null) {
        throw ApiError.unprocessable("invalid_email", "Enter the email address of the simulated"
            + " account.");
      }
      return simulatedSubject(email);
    }
    if (!subject.isTextual()) {
      throw ApiError.badRequest("invalid_request", "The field 'subject' must be a string.");
    }
    return subject.textValue().strip();
  }

  /**
   * The simulated provider's id for the person with this (normalized) email: {@code sim-} and 20
   * hex digits of its SHA-256. The same email always gives the same identity, at every provider,
   * so a simulated sign-in only needs the email; it names no one in the database.
   */
  static String simulatedSubject(String email) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(email.getBytes(StandardCharsets.UTF_8));
      return "sim-" + HexFormat.of().formatHex(digest, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new LatchkeyException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The error for a link that did not happen. */
  static ApiError linkError(ConnectedAccountLinkResult result, String provider) {
    if (result instanceof ConnectedAccountLinkResult.ReauthenticationRequired) {
      return ApiError.reauthenticationRequired();
    }
    if (result instanceof ConnectedAccountLinkResult.LinkedToAnotherAccount) {
      return linkedToAnotherAccount(provider);
    }
    if (result instanceof ConnectedAccountLinkResult.ProviderAlreadyLinked) {
      return ApiError.conflict("provider_already_linked", "A " + label(provider)
          + " account is already connected. Disconnect it first to connect another one.");
    }
    if (result instanceof ConnectedAccountLinkResult.AlreadyLinkedToThisAccount) {
      return ApiError.conflict("already_linked",
          "This " + label(provider) + " account is already connected.");
    }
    if (result instanceof ConnectedAccountLinkResult.Invalid invalid) {
      return ApiError.unprocessable(invalid.reason().code(), switch (invalid.reason()) {
        case INVALID_PROVIDER -> "Unknown sign-in provider.";
        case INVALID_SUBJECT -> "The provider's account id is not valid.";
        case INVALID_EMAIL -> "Enter a valid email address.";
      });
    }
    return ApiError.conflict("link_failed", "The account could not be connected.");
  }

  /** 409 {@code linked_to_another_account}. */
  static ApiError linkedToAnotherAccount(String provider) {
    return ApiError.conflict("linked_to_another_account", "This " + label(provider)
        + " account is already connected to a different account here.");
  }

  private static ObjectNode json(ConnectedAccount account) {
    ObjectNode row = Json.object();
    row.put("provider", account.provider());
    row.put("email", account.email());
    row.put("linked_at", Json.timestamp(account.linkedAt()));
    return row;
  }
}
