package dev.latchkey.examples;

import io.javalin.http.Context;

/**
 * The small pages a person reaches from a link in an email: "forgot password", reset password,
 * verify email, confirm a new email, undo an email change. Each is a shell with one form; the
 * behaviour is in {@code public/recovery.js}, which finds the token in the page's URL. Built here
 * rather than as static files so each has its own path ({@code /reset-password?token=…}), the one
 * the link names. Nothing from the request is written into the HTML.
 */
final class RecoveryPages {
  private RecoveryPages() {}

  /** Answers with the page {@code page} (a {@code data-page} value recovery.js knows). */
  static void serve(Context ctx, String page, String title, String intro, String form) {
    // The token is in this page's URL: keep it out of Referer headers and caches.
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
    ctx.html("""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>%s · Latchkey demo</title>
          <link rel="icon" href="/favicon.svg" type="image/svg+xml">
          <link rel="stylesheet" href="/app.css">
          <script src="/recovery.js" defer></script>
        </head>
        <body data-page="%s">
          <header class="topbar">
            <a class="brand" href="/">Latchkey <span class="brand-sub">demo</span></a>
          </header>
          <main class="auth">
            <section class="card auth-card" aria-labelledby="page-title">
              <h1 id="page-title" tabindex="-1">%s</h1>
              <p class="muted">%s</p>
              <div class="status-slot auth-status" id="page-status" aria-live="polite"></div>
              %s
              <p><a href="/">Back to sign in</a></p>
            </section>
          </main>
          <noscript><p class="card">This page needs JavaScript to talk to the demo's API.</p></noscript>
        </body>
        </html>
        """.formatted(title, page, title, intro, form));
  }

  /** A form with the given fields, an error slot and one submit button. */
  static String form(String id, String button, String... fields) {
    return "<form id=\"" + id + "\" novalidate>" + String.join("", fields)
        + "<p class=\"form-error\" role=\"alert\" hidden></p>"
        + "<button type=\"submit\" class=\"button button-primary\">" + button + "</button></form>";
  }

  /**
   * The hidden "Text me a code" / "Email me a code" buttons of the reset page; recovery.js shows
   * those of the channels the link's account can receive codes on.
   */
  static String codeButtons() {
    return "<p class=\"button-row\" id=\"code-send\" hidden>"
        + "<button type=\"button\" class=\"button\" data-channel=\"sms\" hidden>"
        + "Text me a code</button> "
        + "<button type=\"button\" class=\"button\" data-channel=\"email\" hidden>"
        + "Email me a code</button></p>";
  }

  /** A labelled input. */
  static String field(String label, String type, String name, String autocomplete,
      boolean hidden) {
    return "<label" + (hidden ? " hidden" : "") + " id=\"field-" + name + "\">" + label
        + " <input type=\"" + type + "\" name=\"" + name + "\" autocomplete=\"" + autocomplete
        + "\" maxlength=\"1024\"></label>";
  }
}
