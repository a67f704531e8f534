package dev.latchkey.examples;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What the page's browser suites share: one demo on a {@link MovableClock} (a fresh TOTP step or
 * an old sign-in is a clock move, never a wait), the browsers they open, a screenshot and the
 * page's HTML in {@code target/browser-failures/} from each of them when a step fails, and the
 * checks every view must pass. The steps of a suite build on each other, so they run in order.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian's {@code chromium}
 * and {@code chromium-driver}; {@code .ci/run} installs them). Without them a suite is skipped
 * with a message, or fails when {@code LATCHKEY_TEST_REQUIRE_BROWSER=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BrowserSuite {
  final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
  private final List<HeadlessChromium> browsers = new ArrayList<>();
  DemoApp.Running app;
  /** The page's address: under {@code localhost}, the passkeys' RP id. */
  String base;

  /** On a failure, every open browser leaves its screenshot and HTML behind. */
  @RegisterExtension
  final TestWatcher saveFailures = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      for (HeadlessChromium browser : browsers) {
        browser.saveFailure(context.getRequiredTestMethod().getName());
      }
    }
  };

  /** Skips the suite without a browser; else starts the demo with its data under {@code dir}. */
  void startDemo(Path dir) {
    HeadlessChromium.assumeAvailable(getClass());
    deleteFilesOfEarlierRuns();
    app = DemoApp.start(config(dir), clock, router -> { });
    base = "http://localhost:" + app.port();
  }

  /** The demo's configuration: data under {@code dir}, any free port; a suite may change it. */
  DemoConfig config(Path dir) {
    return DemoConfig.defaults().withPort(0).withDataDir(dir.resolve("data"));
  }

  @AfterAll
  void stop() {
    for (HeadlessChromium browser : browsers) {
      browser.close();
    }
    if (app != null) {
      app.stop();
    }
  }

  /** So the folders show this run only (every suite of it). */
  private static void deleteFilesOfEarlierRuns() {
    long started = ManagementFactory.getRuntimeMXBean().getStartTime();
    for (Path dir : List.of(HeadlessChromium.FAILURES, HeadlessChromium.SCREENSHOTS)) {
      java.io.File[] old = dir.toFile().listFiles();
      if (old != null) {
        for (java.io.File file : old) {
          if (file.lastModified() < started) {
            file.delete();
          }
        }
      }
    }
  }

  HeadlessChromium open(String name, String userAgent, int width, int height) {
    HeadlessChromium browser = new HeadlessChromium(name, userAgent, width, height);
    browsers.add(browser);
    return browser;
  }

  /** What every view must pass: no horizontal scroll at 390 and 1280 px, no console error, axe. */
  static void assertPersonCanUse(HeadlessChromium browser) {
    browser.assertNoHorizontalScroll(390, 1280);
    browser.assertNoConsoleErrors();
    browser.assertAccessible();
  }
}
