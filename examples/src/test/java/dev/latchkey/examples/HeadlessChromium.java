package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser for the page tests: Debian's Chromium, headless, driven through Debian's
 * chromedriver, with its own profile (cookies) and User-Agent. Never downloads anything: the driver
 * and browser paths are given explicitly, so Selenium Manager has nothing to look up.
 *
 * <p>Besides driving, it checks what a person would notice: whether an element is inside the
 * viewport, horizontal scrolling, console errors, and axe-core's serious and critical findings.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("LATCHKEY_CHROMIUM",
      "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("LATCHKEY_CHROMEDRIVER",
      "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final Path FAILURES = Path.of("target", "browser-failures");

  /**
   * Console lines that are the API answering as designed (a 401 before signing in, a 422 for a
   * weak password…): Chrome logs every non-2xx fetch, but these are not errors of the page.
   */
  private static final Pattern EXPECTED_API_ANSWER = Pattern.compile(
      ".*/(api|v1)/\\S* - Failed to load resource: the server responded with a status of"
          + " (401|403|404|409|422|429) .*");

  private static String axeSource;

  private final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;
  private final String name;
  private final List<String> consoleErrors = new ArrayList<>();

  /** Whether this machine has both programs; the suite is skipped (or fails, see the test). */
  static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  /**
   * Skips the calling suite with a message when this machine has no browser, or fails it when
   * {@code LATCHKEY_TEST_REQUIRE_BROWSER=true} (CI, where a skipped suite would pass unseen).
   */
  static void assumeAvailable(Class<?> suite) {
    if (available()) {
      return;
    }
    String message = "No browser: " + CHROMIUM + " and " + CHROMEDRIVER + " are needed"
        + " (apt-get install chromium chromium-driver), so the page's browser tests did not run";
    if ("true".equalsIgnoreCase(System.getenv("LATCHKEY_TEST_REQUIRE_BROWSER"))) {
      fail(message + ", and LATCHKEY_TEST_REQUIRE_BROWSER=true requires them.");
    }
    // Surefire reports a class aborted in @BeforeAll as "0 tests": say it in the build log too.
    System.err.println("SKIPPED " + suite.getSimpleName() + ". " + message + ".");
    Assumptions.abort(message + ".");
  }

  HeadlessChromium(String name, String userAgent, int width, int height) {
    this.name = name;
    try {
      this.profile = Files.createTempDirectory("latchkey-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
        "--disable-extensions", "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height, "--user-agent=" + userAgent);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    this.service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    // --window-size is clamped to a desktop minimum at start; a resize gives the phone its width.
    driver.manage().window().setSize(new Dimension(width, height));
  }

  ChromeDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Waits (polling, at most 10 s) until the element is displayed, and returns it. */
  WebElement visible(String css) {
    return new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** Waits until the element's text contains {@code text}, and returns it. */
  WebElement waitForText(String css, String text) {
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .withMessage(() -> css + " to contain \"" + text + "\", but it is \""
            + textOrNothing(css) + "\"")
        .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    return find(css);
  }

  private String textOrNothing(String css) {
    List<WebElement> found = findAll(css);
    return found.isEmpty() ? "(no such element)" : found.get(0).getText();
  }

  /** Replaces a field's content. */
  void type(String css, String text) {
    // Waits as a person would: a field the page has not shown yet (the sign-in form right after
    // "Sign out", under load) is not typed into, or the driver fails with "not interactable".
    WebElement field = visible(css);
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(ExpectedConditions.elementToBeClickable(field));
    field.clear();
    field.sendKeys(text);
  }

  void click(String css) {
    WebElement element = visible(css);
    js("arguments[0].scrollIntoView({block: 'center'});", element);
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(ExpectedConditions.elementToBeClickable(element)).click();
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Asserts that a person sees the element: displayed, and wholly inside the viewport. */
  void assertInViewport(String css) {
    WebElement element = visible(css);
    Object inside = js("const r = arguments[0].getBoundingClientRect();"
        + "return r.height > 0 && r.top >= -1 && r.left >= -1"
        + " && r.bottom <= window.innerHeight + 1 && r.right <= window.innerWidth + 1;", element);
    assertThat(inside).as("%s (\"%s\") is inside the viewport of %s", css, element.getText(), name)
        .isEqualTo(true);
  }

  /** The id of the focused element ({@code ""} for one without an id, "BODY" for none). */
  String focusedId() {
    return String.valueOf(js("const a = document.activeElement;"
        + "return a === document.body ? 'BODY' : (a.id || a.className || a.tagName);"));
  }

  /** Asserts no horizontal scrolling at {@code width} px, then restores the window size. */
  void assertNoHorizontalScroll(int... widths) {
    Dimension before = driver.manage().window().getSize();
    try {
      for (int width : widths) {
        driver.manage().window().setSize(new Dimension(width, before.getHeight()));
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) js("return {"
            + "scroll: document.documentElement.scrollWidth,"
            + "client: document.documentElement.clientWidth};");
        long scroll = ((Number) size.get("scroll")).longValue();
        long client = ((Number) size.get("client")).longValue();
        if (scroll > client) {
          screenshot("overflow-" + name + "-" + width);
        }
        assertThat(scroll).as("page width at a %d px window in %s (client width %d); too wide: %s",
            width, name, client, scroll > client ? tooWide(client) : "").isLessThanOrEqualTo(client);
      }
    } finally {
      driver.manage().window().setSize(before);
    }
  }

  /** The visible elements that end right of {@code client} px, innermost first (a diagnosis). */
  private Object tooWide(long client) {
    return js("const out = [];"
        + "for (const e of document.querySelectorAll('body *')) {"
        + "  const r = e.getBoundingClientRect();"
        + "  let clipped = false;"
        + "  for (let p = e.parentElement; p && p !== document.body; p = p.parentElement)"
        + "    if (getComputedStyle(p).overflowX !== 'visible') clipped = true;"
        + "  if (!clipped && r.width > 0 && r.right > arguments[0] + 1 && e.offsetParent !== null)"
        + "    out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
        + "      + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : '')"
        + "      + ' right=' + Math.round(r.right));"
        + "}"
        + "return out.reverse().slice(0, 6).join('; ');", client);
  }

  /** Console errors since the last call, minus the API's designed answers. */
  List<String> consoleErrors() {
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
          && !EXPECTED_API_ANSWER.matcher(entry.getMessage()).matches()) {
        consoleErrors.add(entry.getMessage());
      }
    }
    List<String> out = List.copyOf(consoleErrors);
    consoleErrors.clear();
    return out;
  }

  void assertNoConsoleErrors() {
    assertThat(consoleErrors()).as("console errors in %s", name).isEmpty();
  }

  /** axe-core's serious and critical violations on the page as it is now, one line each. */
  List<String> accessibilityViolations() {
    js(axe());
    Object result = ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations"
            + "  .filter(v => v.impact === 'serious' || v.impact === 'critical')"
            + "  .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' — '"
            + "    + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))"
            + ").catch(e => done(['axe failed: ' + e]));");
    @SuppressWarnings("unchecked")
    List<String> lines = (List<String>) result;
    return lines;
  }

  void assertAccessible() {
    assertThat(accessibilityViolations()).as("serious or critical axe-core violations in %s", name)
        .isEmpty();
  }

  private static synchronized String axe() {
    if (axeSource == null) {
      try (InputStream in = HeadlessChromium.class.getResourceAsStream("/axe/axe.min.js")) {
        assertThat(in).as("axe/axe.min.js on the test classpath").isNotNull();
        axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return axeSource;
  }

  /** Saves a screenshot as {@code target/screenshots/{file}.png}. */
  Path screenshot(String file) {
    return saveScreenshot(SCREENSHOTS, file);
  }

  /** After a failure: a screenshot and the page's HTML under {@code target/browser-failures/}. */
  void saveFailure(String step) {
    String base = step + "-" + name;
    saveScreenshot(FAILURES, base);
    try {
      Files.createDirectories(FAILURES);
      Files.writeString(FAILURES.resolve(base + ".html"), driver.getPageSource());
    } catch (IOException | RuntimeException e) {
      System.err.println("Could not save the page of " + name + ": " + e);
    }
  }

  private Path saveScreenshot(Path dir, String file) {
    Path target = dir.resolve(file + ".png");
    try {
      Files.createDirectories(dir);
      Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException | RuntimeException e) {
      System.err.println("Could not save a screenshot of " + name + ": " + e);
    }
    return target;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temp profile left behind is harmless.
    }
  }
}
