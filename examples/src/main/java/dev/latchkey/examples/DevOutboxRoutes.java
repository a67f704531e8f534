package dev.latchkey.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.delivery.Channel;
import dev.latchkey.delivery.DevOutbox;
import dev.latchkey.delivery.Message;
import dev.latchkey.delivery.MessageTexts;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The development stand-in for SMS and email: every message Latchkey "sent" (sign-in and
 * enrolment codes, security notices, and links of the recovery flows), newest first.
 *
 * <pre>
 * GET /dev/outbox        200 text/html: channel, destination, purpose, time, the full text with
 *                        its links clickable · 403 forbidden unless local and direct
 * GET /dev/outbox.json   200 {messages:[{sequence, channel, destination, purpose, at, subject,
 *                        text}]} · 403 likewise
 * </pre>
 *
 * <p>The demo's {@code MessageSender} is a {@link DevOutbox}, so these routes exist; a real
 * deployment replaces it with an SMTP adapter ({@code latchkey-delivery-smtp}) and an SMS one
 * ({@code latchkey-delivery-sms}) and has no outbox to show. The page holds live one-time codes in
 * clear text, so it is served like {@code /metrics}: only to a client on this machine, never
 * through a proxy ({@link MetricsRoutes#isLocalAndDirect}).
 *
 * <p>Messages carry text others chose (an API key's name, a device label), so the page escapes
 * every character that means something in HTML and makes only {@code http(s)} links clickable.
 */
final class DevOutboxRoutes {
  /** An http(s) URL in a message, up to the next space or character that cannot be in one. */
  private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"'`]+");

  private final DevOutbox outbox;
  private final MessageTexts texts;

  DevOutboxRoutes(DevOutbox outbox, MessageTexts texts) {
    this.outbox = outbox;
    this.texts = texts;
  }

  void register(JavalinDefaultRouting router) {
    router.get("/dev/outbox", this::page);
    router.get("/dev/outbox.json", this::json);
  }

  private void requireLocal(Context ctx) {
    if (!MetricsRoutes.isLocalAndDirect(ctx)) {
      throw ApiError.forbidden("forbidden",
          "The development outbox is served to local connections only.");
    }
    // Live codes: never in a cache.
    ctx.header("Cache-Control", "no-store");
  }

  private void json(Context ctx) {
    requireLocal(ctx);
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("messages");
    for (DevOutbox.Delivered d : outbox.messages()) {
      Message m = d.message();
      ObjectNode row = list.addObject();
      row.put("sequence", d.sequence());
      row.put("channel", m.channel().code());
      row.put("destination", m.destination());
      row.put("purpose", m.purpose().code());
      row.put("at", Json.timestamp(d.at()));
      row.put("subject", texts.subject(m));
      row.put("text", texts.body(m));
    }
    ctx.json(out);
  }

  private void page(Context ctx) {
    requireLocal(ctx);
    List<DevOutbox.Delivered> messages = outbox.messages();
    StringBuilder html = new StringBuilder(4096);
    html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Dev outbox · Latchkey demo</title>\n")
        .append("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\n")
        .append("<link rel=\"stylesheet\" href=\"/app.css\">\n</head>\n<body class=\"outbox\">\n")
        .append("<main class=\"outbox-main\">\n<h1>Dev outbox</h1>\n")
        .append("<p class=\"secret-box\" id=\"outbox-warning\"><strong>Development stand-in for")
        .append(" SMS and email.</strong> Nothing here left this machine: the demo hands every")
        .append(" message to an in-memory outbox instead of a provider. A real deployment")
        .append(" replaces it with an SMTP adapter (latchkey-delivery-smtp) and an SMS adapter")
        .append(" (latchkey-delivery-sms). Codes below work for whoever reads them, so this page")
        .append(" is served to local connections only.</p>\n")
        .append("<p><a href=\"/\">Back to the demo</a> · <a href=\"/dev/outbox\">Refresh</a> · ")
        .append("<a href=\"/dev/outbox.json\">JSON</a></p>\n");
    if (messages.isEmpty()) {
      html.append("<p class=\"muted\" id=\"outbox-empty\">No messages yet.</p>\n");
    } else {
      html.append("<ol class=\"outbox-list\" id=\"outbox-list\" reversed>\n");
      for (DevOutbox.Delivered d : messages) {
        Message m = d.message();
        html.append("<li class=\"card outbox-message\" data-sequence=\"").append(d.sequence())
            .append("\" data-channel=\"").append(escape(m.channel().code()))
            .append("\" data-purpose=\"").append(escape(m.purpose().code())).append("\">\n")
            .append("<dl class=\"outbox-meta\">")
            .append("<dt>Channel</dt><dd>").append(m.channel() == Channel.SMS ? "SMS" : "Email").append("</dd>")
            .append("<dt>To</dt><dd class=\"outbox-to\">").append(escape(m.destination()))
            .append("</dd>")
            .append("<dt>Purpose</dt><dd>").append(escape(m.purpose().code())).append("</dd>")
            .append("<dt>Time</dt><dd><time datetime=\"").append(Json.timestamp(d.at()))
            .append("\">").append(Json.timestamp(d.at())).append("</time></dd>")
            .append("<dt>Subject</dt><dd>").append(escape(texts.subject(m))).append("</dd>")
            .append("</dl>\n<pre class=\"outbox-text\">").append(linked(texts.body(m)))
            .append("</pre>\n</li>\n");
      }
      html.append("</ol>\n");
    }
    html.append("</main>\n</body>\n</html>\n");
    ctx.contentType("text/html; charset=utf-8").result(html.toString());
  }

  /** The text escaped, with each http(s) URL in it an escaped link. */
  static String linked(String text) {
    StringBuilder out = new StringBuilder(text.length() + 64);
    Matcher m = LINK.matcher(text);
    int last = 0;
    while (m.find()) {
      out.append(escape(text.substring(last, m.start())));
      String url = escape(m.group());
      out.append("<a href=\"").append(url).append("\" rel=\"noreferrer\">").append(url)
          .append("</a>");
      last = m.end();
    }
    return out.append(escape(text.substring(last))).toString();
  }

  /** HTML-escapes text for element content and double- or single-quoted attributes. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
