package io.restis.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium (Debian's {@code chromium} and {@code chromium-driver} packages)
 * driven by Selenium, for tests that use a page as a person would. Nothing is downloaded: the
 * driver and the browser are given by path, so Selenium Manager is never asked for either, and the
 * browser runs with a fresh profile and its background networking (updates, sync, QUIC) off.
 *
 * <p>Without Chromium the tests using it are skipped on a developer machine, but fail under
 * {@code CI=true}: CI installs the packages ({@code .ci/run}), so missing ones are a broken setup,
 * not a reason to pass.
 */
public final class HeadlessChromium implements AutoCloseable {

  /** Debian's paths; -Dchromium.binary=... and -Dchromium.driver=... point elsewhere. */
  public static final Path BROWSER = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  public static final Path DRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));
  /** Where screenshots and the driver's log go. */
  public static final Path OUTPUT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target");

  /** What a test does with the browser. */
  @FunctionalInterface
  public interface Steps {
    void run(WebDriver driver) throws Exception;
  }

  private final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts the browser, or skips the test (fails it under CI=true) when Chromium is not installed. */
  public static HeadlessChromium start() {
    if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
      String missing = "browser test needs Debian's chromium and chromium-driver (" + BROWSER + ", " + DRIVER
          + "): apt-get install chromium chromium-driver";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(missing + " (CI=true: browser tests must run, not skip)");
      }
      Assumptions.abort(missing);
    }
    Path profile;
    try {
      Files.createDirectories(OUTPUT);
      profile = Files.createTempDirectory("restis-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .withLogFile(OUTPUT.resolve("chromedriver.log").toFile())
        .withLogLevel(ChromiumDriverLogLevel.WARNING)
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,2000", "--user-data-dir=" + profile);
    try {
      return new HeadlessChromium(new ChromeDriver(service, options), profile);
    } catch (RuntimeException e) {
      delete(profile);
      throw e;
    }
  }

  public WebDriver driver() {
    return driver;
  }

  /** A wait on the page: the first condition that holds, or a timeout naming what never did. */
  public WebDriverWait waiting(Duration timeout) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(100));
  }

  /**
   * Runs the steps; when they fail, saves a screenshot as {@code target/<name>-failure.png} (and
   * says so in the failure) before passing the failure on.
   */
  public void run(String name, Steps steps) throws Exception {
    try {
      steps.run(driver);
    } catch (Exception | AssertionError e) {
      try {
        e.addSuppressed(new AssertionError("screenshot of the page: " + screenshot(name + "-failure")));
      } catch (RuntimeException screenshotFailed) {
        e.addSuppressed(screenshotFailed);
      }
      throw e;
    }
  }

  /** Saves the window as {@code target/<name>.png} and answers the file. */
  public Path screenshot(String name) {
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Path target = OUTPUT.resolve(name + ".png");
    try {
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      delete(profile);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a profile left in the temporary directory is harmless
    }
  }
}
