package dev.latchkey.client;

/*
 * Design note. User-Agent strings are a history of products pretending to be other products:
 * every Chromium browser says "Chrome/… Safari/…", Chrome says "Safari/…", Edge and Opera say
 * "Chrome/…", in-app browsers say whatever their web view says, and Googlebot says "Chrome/…" too.
 * So the name comes from the most specific marker present, and the whole class is an ordered list
 * of substring checks, most specific first:
 *
 *   1. known bots and link-preview fetchers (they imitate browsers and contain app names),
 *   2. in-app browsers (FBAN/FBAV, Instagram, LinkedInApp, …: they contain "Safari" or "Chrome"),
 *   3. HTTP libraries and tools (curl, python-requests, okhttp, …),
 *   4. any other product token that calls itself a bot, crawler or spider,
 *   5. browsers: Edge, Opera, Samsung Internet, Yandex, … before Chrome; Chrome before Safari,
 *   6. nothing recognised: "Unknown browser on <OS>" or "Unknown device".
 *
 * Matching is case-insensitive over the first 512 characters (real agents are shorter; longer is
 * padding or an attack), with plain indexOf: no regular expressions, so no backtracking, and the
 * cost is bounded by 512 characters times the number of markers. The result is built only from the
 * constants below, except a generic bot's own name, which is filtered to ASCII letters, digits and
 * a few separators. So the output is printable ASCII, at most 64 characters, whatever the input.
 */

/**
 * Names a device from its User-Agent header for the active sessions list: "Chrome on macOS",
 * "Safari on iPhone", "Instagram app on Android", "curl", "Googlebot". Not API.
 *
 * <p>Thread-safe (stateless); never throws.
 */
final class DeviceNames {
  /** The name for a missing, blank or unrecognisable User-Agent. */
  static final String UNKNOWN_DEVICE = "Unknown device";
  /** The longest name returned: it is shown in a list and stored beside the session. */
  static final int MAX_LENGTH = 64;
  /** Only this much of the header is looked at. */
  static final int MAX_INPUT = 512;

  private static final int MAX_BOT_NAME = 40;

  // Each table maps markers (lower case, matched anywhere) to a name; the first hit wins, so the
  // order of rows is the precedence. A row is {name, marker, marker, ...}.

  private static final String[][] KNOWN_BOTS = {
      {"Googlebot", "googlebot"},
      {"Google AdsBot", "adsbot-google"},
      {"Google AdSense bot", "mediapartners-google"},
      {"Google Inspection Tool", "google-inspectiontool"},
      {"Google StoreBot", "storebot-google"},
      {"Google bot", "googleother", "feedfetcher-google", "google-read-aloud",
          "google-site-verification"},
      {"Bingbot", "bingbot", "bingpreview", "msnbot", "adidxbot"},
      {"YandexBot", "yandexbot", "yandex.com/bots"},
      {"DuckDuckBot", "duckduckbot", "duckassistbot"},
      {"Baiduspider", "baiduspider"},
      {"Applebot", "applebot"},
      {"Facebook crawler", "facebookexternalhit", "facebookcatalog", "meta-externalagent",
          "meta-externalfetcher"},
      {"TelegramBot", "telegrambot"}, // before Twitterbot: "TelegramBot (like TwitterBot)"
      {"Twitterbot", "twitterbot"},
      {"LinkedInBot", "linkedinbot"},
      {"Slackbot", "slackbot", "slack-imgproxy"},
      {"Discordbot", "discordbot"},
      {"WhatsApp link preview", "whatsapp/"},
      {"Skype link preview", "skypeuripreview"},
      {"Pinterestbot", "pinterestbot"},
      {"Redditbot", "redditbot"},
      {"GPTBot", "gptbot"},
      {"ChatGPT", "chatgpt-user", "oai-searchbot"},
      {"ClaudeBot", "claudebot", "claude-web", "claude-user", "anthropic-ai"},
      {"PerplexityBot", "perplexitybot", "perplexity-user"},
      {"Common Crawl", "ccbot/"},
      {"Amazonbot", "amazonbot"},
      {"Bytespider", "bytespider"},
      {"PetalBot", "petalbot"},
      {"AhrefsBot", "ahrefsbot", "ahrefssiteaudit"},
      {"SemrushBot", "semrushbot"},
      {"MJ12bot", "mj12bot"},
      {"DotBot", "dotbot"},
      {"SeznamBot", "seznambot"},
      {"Yahoo Slurp", "yahoo! slurp"},
      {"Internet Archive", "archive.org_bot", "ia_archiver"},
      {"UptimeRobot", "uptimerobot"},
      {"Pingdom", "pingdom"},
      {"Datadog Synthetics", "datadogsynthetics", "datadog agent"},
      {"Lighthouse", "chrome-lighthouse"},
  };

  private static final String[][] IN_APP = {
      {"Instagram app", "instagram"},
      {"Messenger app", "messengerforios", "messengerlitefor", "orca-android", "fban/messenger"},
      {"Facebook app", "fban/", "fbav/", "fb_iab/", "fbios", "fb4a"},
      {"LinkedIn app", "linkedinapp"},
      {"X (Twitter) app", "twitter for ", "twitterandroid", "twitter/"},
      {"Snapchat app", "snapchat"},
      {"Pinterest app", "pinterest/", "pinterest for "},
      {"TikTok app", "musical_ly", "bytedancewebview", "tiktok", " trill_"},
      {"WeChat app", "micromessenger/"},
      {"LINE app", " line/"},
      {"Threads app", "barcelona "},
      {"Google app", " gsa/"},
      {"Discord app", "discord/"},
      {"Slack app", " slack/", "slack_ssb/"},
      {"Microsoft Teams app", " teams/"},
      {"Electron app", "electron/"},
  };

  /**
   * Libraries and tools. Besides "anywhere" markers, a marker starting with '^' must start the
   * header and one starting with '=' must be all of it: for names too short to be unambiguous.
   */
  private static final String[][] CLIENTS = {
      {"gRPC client", "^grpc-"}, // before OkHttp: "grpc-java-okhttp/1.59.0"
      {"Postman", "postmanruntime/"},
      {"Insomnia", "insomnia/"},
      {"HTTPie", "httpie/"},
      {"curl", "curl/", "=curl"},
      {"Wget", "wget/"},
      {"Python requests", "python-requests/"},
      {"Python httpx", "python-httpx/"},
      {"Python aiohttp", "aiohttp/"},
      {"Python urllib3", "python-urllib3/"},
      {"Python urllib", "python-urllib/"},
      {"Python", "^python/", "^python "},
      {"OkHttp", "okhttp/", "=okhttp"},
      {"Java HttpClient", "java-http-client/"},
      {"Apache HttpClient", "apache-httpclient/", "apache-httpasyncclient/"},
      {"Reactor Netty", "reactornetty/", "reactor-netty/"},
      {"Jetty HttpClient", "^jetty/"},
      {"Java", "^java/"},
      {"Go HTTP client", "go-http-client/"},
      {"Node.js axios", "axios/", "=axios"},
      {"Node.js node-fetch", "node-fetch"},
      {"Node.js undici", "undici"},
      {"Node.js got", "^got "},
      {"Node.js", "=node", "^node/", "^node.js/"},
      {"PHP Guzzle", "guzzlehttp/"},
      {"PHP", "^php/"},
      {"Ruby Faraday", "faraday v", "^faraday/"},
      {"Ruby", "^ruby"},
      {"Perl LWP", "libwww-perl/"},
      {"PowerShell", "powershell/"},
      {"Dart", "dart:io", "^dart/"},
      {"Rust reqwest", "^reqwest/"},
      {".NET HttpClient", "^.net/", "system.net.http"},
      {"k6", "^k6/"},
      {"Apache JMeter", "apache-jmeter"},
      {"Android app", "^dalvik/"},
      {"iOS app", "alamofire/"},
      {"iOS/macOS app", "cfnetwork/"},
  };

  private static final String[][] BROWSERS = {
      {"Edge", "edg/", "edga/", "edgios/", "edge/"},
      {"Opera Mini", "opera mini/"},
      {"Opera", "opr/", "opt/", "opios/", "opera"},
      {"Samsung Internet", "samsungbrowser/"},
      {"Yandex Browser", "yabrowser/", "yasearchbrowser/"},
      {"Vivaldi", "vivaldi/"},
      {"Brave", "brave/", "brave "},
      {"DuckDuckGo", "duckduckgo/", " ddg/"},
      {"UC Browser", "ucbrowser/", "ucweb"},
      {"Mi Browser", "miuibrowser/", "xiaomi/miuibrowser"},
      {"Huawei Browser", "huaweibrowser/"},
      {"QQ Browser", "mqqbrowser/", "qqbrowser/"},
      {"Whale", "whale/"},
      {"Silk", "silk/"},
      {"Headless Chrome", "headlesschrome"},
      {"Firefox", "fxios/"},
      {"Chrome", "crios/"},
      {"SeaMonkey", "seamonkey/"},
      {"Waterfox", "waterfox/"},
      {"Firefox", "firefox/"},
      {"WebView", "; wv)"},
      {"Chromium", "chromium/"},
      {"Chrome", "chrome/"},
      {"Internet Explorer", "msie ", "trident/"},
      {"Safari", "safari/"},
  };

  private static final String[][] SYSTEMS = {
      {"Windows Phone", "windows phone"},
      {"Xbox", "xbox"},
      {"PlayStation", "playstation"},
      {"Nintendo", "nintendo"},
      {"iPod", "ipod"}, // before iPhone: "iPod touch; CPU iPhone OS 15_7"
      {"iPhone", "iphone"},
      {"iPad", "ipad"},
      {"Smart TV", "smart-tv", "smarttv", "web0s", "hbbtv", "netcast", "tizen"},
      {"KaiOS", "kaios"},
      {"HarmonyOS", "harmonyos", "openharmony"},
      {"Android", "android"},
      {"ChromeOS", " cros "},
      {"Windows", "windows", "win64", "win32", "wow64"},
      {"macOS", "macintosh", "mac os x", "macos"},
      {"FreeBSD", "freebsd"},
      {"OpenBSD", "openbsd"},
      {"Linux", "linux", "x11", "ubuntu", "fedora"},
  };

  private DeviceNames() {}

  /**
   * Names the device behind a User-Agent header.
   *
   * @param userAgent the header value; may be {@code null}, empty, huge or garbage
   * @return "&lt;browser&gt; on &lt;OS&gt;" ("Chrome on macOS", "Safari on iPhone"), the browser
   *     alone when the OS is unknown ("Opera Mini"), "&lt;app&gt; app on &lt;OS&gt;" for in-app
   *     browsers ("Facebook app on iPhone"), a library or tool name ("curl", "Python requests"), a
   *     bot name ("Googlebot", "Bot (Example-Crawler)"), "Unknown browser on &lt;OS&gt;", or
   *     "Unknown device"; always non-empty printable ASCII of at most 64 characters; never throws
   */
  static String describe(String userAgent) {
    if (userAgent == null) {
      return UNKNOWN_DEVICE;
    }
    try {
      String original = userAgent.length() > MAX_INPUT
          ? userAgent.substring(0, MAX_INPUT)
          : userAgent;
      String ua = asciiLowerCase(original);
      if (ua.isBlank()) {
        return UNKNOWN_DEVICE;
      }
      return printable(name(original, ua));
    } catch (RuntimeException e) {
      // Unreachable by construction (and property-tested); kept because a header must never be
      // able to fail a sign-in.
      return UNKNOWN_DEVICE;
    }
  }

  private static String name(String original, String ua) {
    String whole = ua.strip();
    String bot = match(KNOWN_BOTS, ua, whole);
    if (bot != null) {
      return bot;
    }
    String os = match(SYSTEMS, ua, whole);
    String app = match(IN_APP, ua, whole);
    if (app != null) {
      return on(app, os);
    }
    String client = match(CLIENTS, ua, whole);
    if (client != null) {
      return client;
    }
    String genericBot = genericBot(original, ua);
    if (genericBot != null) {
      return genericBot;
    }
    String browser = match(BROWSERS, ua, whole);
    if (browser != null) {
      if ("Safari".equals(browser) && "Android".equals(os)) {
        browser = "Android Browser"; // the pre-Chrome stock browser said "Safari" without "Chrome"
      }
      return on(browser, os);
    }
    if (("iPhone".equals(os) || "iPad".equals(os) || "iPod".equals(os))
        && ua.contains("applewebkit")) {
      // An app's own WKWebView: WebKit and "Mobile/…" but no "Safari/" and no app marker.
      return on("WebView", os);
    }
    return os == null ? UNKNOWN_DEVICE : "Unknown browser on " + os;
  }

  private static String on(String what, String os) {
    return os == null ? what : what + " on " + os;
  }

  /**
   * The name of the first row with a marker in {@code ua}, or null. {@code whole} is {@code ua}
   * without surrounding whitespace, for the '^' and '=' markers.
   */
  private static String match(String[][] table, String ua, String whole) {
    for (String[] row : table) {
      for (int i = 1; i < row.length; i++) {
        String marker = row[i];
        int length = marker.length() - 1;
        boolean hit;
        if (marker.charAt(0) == '^') {
          hit = whole.regionMatches(0, marker, 1, length);
        } else if (marker.charAt(0) == '=') {
          hit = whole.length() == length && whole.regionMatches(0, marker, 1, length);
        } else {
          hit = ua.contains(marker);
        }
        if (hit) {
          return row[0];
        }
      }
    }
    return null;
  }

  /**
   * A product token that names itself a bot, crawler or spider ("SomeBot/1.0",
   * "Example-Crawler/2"), as "SomeBot" or "Bot (Example-Crawler)"; null when there is none.
   */
  private static String genericBot(String original, String ua) {
    int n = ua.length();
    int i = 0;
    while (i < n) {
      while (i < n && !isTokenChar(ua.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && isTokenChar(ua.charAt(i))) {
        i++;
      }
      if (start == i) {
        break;
      }
      char before = start == 0 ? ' ' : ua.charAt(start - 1);
      if (before == '/' || before == ':' || before == '@') {
        continue; // a version, URL path or e-mail: "+http://example.com/bot", not a product name
      }
      String token = ua.substring(start, i);
      boolean bot = token.endsWith("bot") && !token.equals("cubot"); // Cubot is a phone brand
      boolean other = token.contains("crawler") || token.contains("spider")
          || token.contains("scraper");
      if (bot || other) {
        String name = original.substring(start, Math.min(i, start + MAX_BOT_NAME));
        return bot || token.contains("bot") ? name : "Bot (" + name + ")";
      }
    }
    return null;
  }

  /** Letters, digits, '.', '_' and '-': what a product name is made of (roughly RFC 9110). */
  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  }

  /**
   * ASCII-only lower case. String.toLowerCase can change the length (and so misalign indexes with
   * the original) for a few non-ASCII characters; every marker is ASCII anyway.
   */
  private static String asciiLowerCase(String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (c >= 'A' && c <= 'Z') {
        chars[i] = (char) (c + ('a' - 'A'));
      }
    }
    return new String(chars);
  }

  /** Belt and braces for the output contract: printable ASCII, at most 64 characters. */
  private static String printable(String name) {
    StringBuilder out = new StringBuilder(Math.min(name.length(), MAX_LENGTH));
    for (int i = 0; i < name.length() && out.length() < MAX_LENGTH; i++) {
      char c = name.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      }
    }
    String result = out.toString().strip();
    return result.isEmpty() ? UNKNOWN_DEVICE : result;
  }
}
