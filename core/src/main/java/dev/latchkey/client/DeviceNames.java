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
 *   6. nothing recognised: only the OS (and so the device type), or nothing at all.
 *
 * Matching is case-insensitive over the first 512 characters (real agents are shorter; longer is
 * padding or an attack), with plain indexOf: no regular expressions, so no backtracking, and the
 * cost is bounded by 512 characters times the number of markers. Names come only from the
 * constants below, except a generic bot's own name, which is filtered to ASCII letters, digits and
 * a few separators. So every name is printable ASCII, at most 40 characters, whatever the input.
 *
 * The major version is the number right after the marker that matched ("chrome/120.0" gives 120),
 * except where that number is something else (Safari's is WebKit's build, "Safari/605.1.15"):
 * those browsers read it from the markers in VERSION_MARKERS ("Version/17.1"), or not at all.
 * The device type comes from the OS ("iPad" is a tablet, "Xbox" a console), from "Mobile" for
 * Android (Android tablets leave it out, as Google asks them to), and is BOT or TOOL for bots and
 * HTTP libraries whatever OS they claim.
 */

/**
 * Identifies a device from its User-Agent header: browser ("Chrome"), major version, OS ("macOS")
 * and type. The parser behind {@link DeviceNamer#userAgentParser()}. Not API.
 *
 * <p>Thread-safe (stateless); never throws.
 */
final class DeviceNames {
  /** The parser as a {@link DeviceNamer}. */
  static final DeviceNamer PARSER = new DeviceNamer() {
    @Override
    public Device identify(String userAgent) {
      return DeviceNames.identify(userAgent);
    }

    @Override
    public String toString() {
      return "DeviceNamer.userAgentParser()";
    }
  };

  /** Only this much of the header is looked at. */
  static final int MAX_INPUT = 512;
  /** The longest name copied from the header (a bot's own name). */
  static final int MAX_BOT_NAME = 40;

  /** A version has at most this many digits; more is not a version we can use. */
  private static final int MAX_VERSION_DIGITS = 6;

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

  /**
   * Where the version is for names whose matching marker is not followed by it: {name, marker,
   * ...}; the first marker present and followed by digits gives it, and a row without markers
   * means no version at all (an app's networking library has a version, the app is unknown).
   */
  private static final String[][] VERSION_MARKERS = {
      {"Safari", "version/"},
      {"Android Browser", "version/"},
      {"WebView", "chrome/", "version/"},
      {"Internet Explorer", "msie ", "rv:"},
      {"Opera", "opr/", "opt/", "opios/", "version/", "opera/"},
      {"Facebook app", "fbav/"},
      {"Messenger app", "fbav/"},
      {"Android app"},
      {"iOS app"},
      {"iOS/macOS app"},
      {"gRPC client"},
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
   * Identifies the device behind a User-Agent header.
   *
   * @param userAgent the header value; may be {@code null}, empty, huge or garbage
   * @return the device: for a browser its name, major version, OS and form factor
   *     ("Chrome", 120, "macOS", desktop); for an in-app browser the app's name ("Instagram app");
   *     for a library, tool or bot its name with type {@link DeviceType#TOOL} or
   *     {@link DeviceType#BOT}; only the OS and form factor when no browser is recognised; and
   *     {@link Device#unknown()} when nothing is. Names are printable ASCII. Never throws
   */
  static Device identify(String userAgent) {
    if (userAgent == null) {
      return Device.unknown();
    }
    try {
      String original = userAgent.length() > MAX_INPUT
          ? userAgent.substring(0, MAX_INPUT)
          : userAgent;
      String ua = asciiLowerCase(original);
      if (ua.isBlank()) {
        return Device.unknown();
      }
      return device(original, ua);
    } catch (RuntimeException e) {
      // Unreachable by construction (and property-tested); kept because a header must never be
      // able to fail a sign-in.
      return Device.unknown();
    }
  }

  private static Device device(String original, String ua) {
    String whole = ua.strip();
    Hit bot = match(KNOWN_BOTS, ua, whole);
    if (bot != null) {
      return new Device(bot.name(), version(bot), "", DeviceType.BOT);
    }
    Hit system = match(SYSTEMS, ua, whole);
    String os = system == null ? "" : system.name();
    Hit app = match(IN_APP, ua, whole);
    if (app != null) {
      return new Device(app.name(), version(app), os, formFactor(os, ua));
    }
    Hit client = match(CLIENTS, ua, whole);
    if (client != null) {
      return new Device(client.name(), version(client), os, DeviceType.TOOL);
    }
    Hit genericBot = genericBot(original, ua);
    if (genericBot != null) {
      return new Device(genericBot.name(), version(genericBot), "", DeviceType.BOT);
    }
    Hit browser = match(BROWSERS, ua, whole);
    if (browser != null) {
      if ("Safari".equals(browser.name()) && "Android".equals(os)) {
        // The pre-Chrome stock browser said "Safari" without "Chrome".
        browser = new Hit("Android Browser", browser.text(), browser.end());
      }
      DeviceType type = "Opera Mini".equals(browser.name()) && os.isEmpty()
          ? DeviceType.MOBILE // Opera Mini runs on phones only, often on ones no OS marker names
          : formFactor(os, ua);
      return new Device(browser.name(), version(browser), os, type);
    }
    if (("iPhone".equals(os) || "iPad".equals(os) || "iPod".equals(os))
        && ua.contains("applewebkit")) {
      // An app's own WKWebView: WebKit and "Mobile/…" but no "Safari/" and no app marker.
      return new Device("WebView", 0, os, formFactor(os, ua));
    }
    return os.isEmpty() ? Device.unknown() : new Device("", 0, os, formFactor(os, ua));
  }

  /** The form factor a browser on {@code os} has. */
  private static DeviceType formFactor(String os, String ua) {
    return switch (os) {
      case "" -> ua.contains("mobile") ? DeviceType.MOBILE : DeviceType.UNKNOWN;
      case "iPhone", "iPod", "Windows Phone", "KaiOS" -> DeviceType.MOBILE;
      case "iPad" -> DeviceType.TABLET;
      // Android tablets leave "Mobile" out (Google's advice to browser makers).
      case "Android", "HarmonyOS" -> ua.contains("mobile") ? DeviceType.MOBILE : DeviceType.TABLET;
      case "Smart TV" -> DeviceType.TV;
      case "Xbox", "PlayStation", "Nintendo" -> DeviceType.CONSOLE;
      default -> DeviceType.DESKTOP;
    };
  }

  /** A matched name, and where in {@code text} its marker ended (the version follows it). */
  private record Hit(String name, String text, int end) {}

  /**
   * The first row with a marker in {@code ua}, or null. {@code whole} is {@code ua} without
   * surrounding whitespace, for the '^' and '=' markers.
   */
  private static Hit match(String[][] table, String ua, String whole) {
    for (String[] row : table) {
      for (int i = 1; i < row.length; i++) {
        String marker = row[i];
        int length = marker.length() - 1;
        if (marker.charAt(0) == '^') {
          if (whole.regionMatches(0, marker, 1, length)) {
            return new Hit(row[0], whole, length);
          }
        } else if (marker.charAt(0) == '=') {
          if (whole.length() == length && whole.regionMatches(0, marker, 1, length)) {
            return new Hit(row[0], whole, length);
          }
        } else {
          int at = ua.indexOf(marker);
          if (at >= 0) {
            return new Hit(row[0], ua, at + marker.length());
          }
        }
      }
    }
    return null;
  }

  /** The major version for a hit (see the design note); 0 when there is none. */
  private static int version(Hit hit) {
    for (String[] row : VERSION_MARKERS) {
      if (row[0].equals(hit.name())) {
        for (int i = 1; i < row.length; i++) {
          int at = hit.text().indexOf(row[i]);
          int version = at < 0 ? 0 : digitsAt(hit.text(), at + row[i].length());
          if (version > 0) {
            return version;
          }
        }
        return 0;
      }
    }
    String text = hit.text();
    int at = hit.end();
    // "Instagram 309.0", "Googlebot/2.1": one separator may stand between the name and the number.
    if (at < text.length() && at > 0 && !isSeparator(text.charAt(at - 1))
        && isSeparator(text.charAt(at))) {
      at++;
    }
    return digitsAt(text, at);
  }

  private static boolean isSeparator(char c) {
    return c == '/' || c == ' ' || c == ':';
  }

  /** The number made of the digits at {@code at}, or 0 when there are none or too many. */
  private static int digitsAt(String text, int at) {
    int value = 0;
    int i = at;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      if (i - at == MAX_VERSION_DIGITS) {
        return 0;
      }
      value = value * 10 + (text.charAt(i) - '0');
      i++;
    }
    return value;
  }

  /**
   * A product token that names itself a bot, crawler or spider ("SomeBot/1.0",
   * "Example-Crawler/2"), with its own name ("SomeBot", "Example-Crawler"); null when there is
   * none.
   */
  private static Hit genericBot(String original, String ua) {
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
        // Token characters are ASCII letters, digits and ".-_", so the name is printable.
        return new Hit(original.substring(start, Math.min(i, start + MAX_BOT_NAME)), ua, i);
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
}
