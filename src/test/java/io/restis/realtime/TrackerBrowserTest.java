package io.restis.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.restis.engine.Engine;
import io.restis.engine.Reply;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * The page-view story in a real browser: Debian's headless Chromium driven through its own
 * chromedriver (no browser is downloaded: both paths are given, so Selenium Manager never runs).
 * A page served by another origin (a JDK HttpServer on another port) carries the one script tag;
 * its views land in the site's capped list, the cap holds, and the live page open in another tab
 * shows each view within a second (measured in the browser: from the view's own send time to the
 * moment the live page's list took it). No view needs a CORS preflight: the store sees no OPTIONS
 * request on the tracker endpoint, with sendBeacon or with the fetch fallback.
 *
 * <p>Without Chromium the test is skipped on a developer machine but fails in CI ({@code CI=true}),
 * where .ci/run installs it: a missing install must not pass unnoticed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "restis.tracker.max-views=5")
class TrackerBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String SITE = "browser-test";

  private static HttpServer otherOrigin;
  private static WebDriver driver;
  private static ChromeDriverService service;
  private static Path profile;

  @LocalServerPort
  int port;

  @Autowired
  Engine engine;

  /** Requests that reach the tracker endpoint, by method, counted before any other filter (CORS's too). */
  static final Map<String, AtomicInteger> TRACKER_REQUESTS = new ConcurrentHashMap<>();

  @TestConfiguration
  static class CountTrackerRequests {
    @Bean
    FilterRegistrationBean<Filter> trackerRequestCounter() {
      Filter counter = (request, response, chain) -> {
        TRACKER_REQUESTS.computeIfAbsent(((HttpServletRequest) request).getMethod(), m -> new AtomicInteger())
            .incrementAndGet();
        chain.doFilter(request, response);
      };
      FilterRegistrationBean<Filter> r = new FilterRegistrationBean<>(counter);
      r.addUrlPatterns("/track/*");
      r.setOrder(Ordered.HIGHEST_PRECEDENCE);
      return r;
    }
  }

  @BeforeAll
  static void startBrowser() throws IOException {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must have chromium and chromium-driver (see .ci/run)");
    }
    Assumptions.assumeTrue(present, "chromium and chromedriver are not installed");
    profile = Files.createTempDirectory("restis-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile);
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
  }

  @AfterAll
  static void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (otherOrigin != null) {
      otherOrigin.stop(0);
    }
  }

  /** Pages of another origin: /page/N carries the tag; /nobeacon/N hides sendBeacon first. */
  private String startOtherOrigin() throws IOException {
    if (otherOrigin == null) {
      otherOrigin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      String store = "http://localhost:" + port;
      otherOrigin.createContext("/", exchange -> {
        String path = exchange.getRequestURI().getPath();
        String hide = path.startsWith("/nobeacon/") ? "<script>delete Navigator.prototype.sendBeacon;</script>\n" : "";
        String html = "<!doctype html><html><head><title>Page " + path + "</title>\n" + hide
            + "<script src=\"" + store + "/tracker.js\" data-site=\"" + SITE + "\" data-store=\"" + store
            + "\" async></script>\n</head><body><h1>" + path + "</h1></body></html>";
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      otherOrigin.start();
    }
    return "http://127.0.0.1:" + otherOrigin.getAddress().getPort();
  }

  private List<String> latestViews() {
    Reply r = engine.execute(bytes("LRANGE"), bytes("tracker:" + SITE + ":views"), bytes("0"), bytes("-1"));
    List<String> out = new ArrayList<>();
    for (Reply item : ((Reply.Multi) r).items()) {
      out.add(new String(((Reply.Bulk) item).value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void eventually(Duration within, String what, Supplier<Boolean> check) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!check.get()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void viewsFromAnotherOriginLandCappedAndShowLive() throws Exception {
    String other = startOtherOrigin();
    String store = "http://localhost:" + port;

    // Tab 1: the live page, connected before any view is sent.
    driver.get(store + "/live.html?site=" + SITE);
    String liveTab = driver.getWindowHandle();
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("status")).getText().equals("live"));
    // The live page notes, by the browser's clock, when each view entered its list.
    ((JavascriptExecutor) driver).executeScript("window.shownAt = {};"
        + "new MutationObserver(function (changes) { changes.forEach(function (c) {"
        + "  c.addedNodes.forEach(function (n) { if (n.dataset && !(n.dataset.url in window.shownAt)) {"
        + "    window.shownAt[n.dataset.url] = Date.now(); } }); }); })"
        + ".observe(document.getElementById('views'), {childList: true});");

    // Tab 2: a page of another origin with the script tag.
    driver.switchTo().newWindow(WindowType.TAB);
    String pageTab = driver.getWindowHandle();
    driver.get(other + "/page/1");
    long loaded = System.nanoTime();
    eventually(Duration.ofSeconds(5), "the first view in the capped list",
        () -> latestViews().stream().anyMatch(v -> v.contains("\"url\":\"" + other + "/page/1\"")));

    driver.switchTo().window(liveTab);
    WebElement shown = new WebDriverWait(driver, Duration.ofSeconds(1)).until(
        d -> d.findElement(By.cssSelector("#views li[data-url='" + other + "/page/1']")));
    long shownAfterMs = (System.nanoTime() - loaded) / 1_000_000;
    System.out.printf("live page showed the view %d ms after the tracked page loaded%n", shownAfterMs);
    assertThat(shown.getText()).contains("Page /page/1");
    // Within a second of the view being sent, both times by the browser's clock (the view's "time"
    // is Date.now() of the tracked page when it sent the view).
    long sentAt = JsonMapper.builder().build().readTree(latestViews().stream()
        .filter(v -> v.contains("\"url\":\"" + other + "/page/1\"")).findFirst().orElseThrow()).get("time").asLong();
    long shownAt = ((Number) ((JavascriptExecutor) driver).executeScript(
        "return window.shownAt[arguments[0]];", other + "/page/1")).longValue();
    System.out.printf("the live page listed the view %d ms after the tracked page sent it%n", shownAt - sentAt);
    assertThat(shownAt - sentAt).as("ms from the view's send to the live page").isBetween(0L, 1000L);
    assertThat(driver.findElement(By.cssSelector("#pages tr[data-page='" + other + "/page/1'] td.n")).getText())
        .isEqualTo("1");

    // More views than the cap: the list keeps the latest 5, newest first.
    driver.switchTo().window(pageTab);
    for (int i = 2; i <= 8; i++) {
      driver.get(other + "/page/" + i);
    }
    eventually(Duration.ofSeconds(10), "the eighth view stored",
        () -> !latestViews().isEmpty() && latestViews().get(0).contains("/page/8\""));
    List<String> views = latestViews();
    assertThat(views).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(views.get(i)).contains("\"url\":\"" + other + "/page/" + (8 - i) + "\"");
      assertThat(views.get(i)).contains("\"referrer\":").contains("\"visitor\":\"");
    }
    // One browser profile, one visitor id (localStorage): the HyperLogLog counts one visitor.
    assertThat(((Reply.Int) engine.execute(bytes("PFCOUNT"),
        bytes("tracker:" + SITE + ":visitors:" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)))).value())
        .isEqualTo(1);

    // Without sendBeacon the script falls back to fetch with keepalive: a credentialed CORS
    // request, which the browser only lets through because the store echoes the Origin.
    driver.get(other + "/nobeacon/9");
    eventually(Duration.ofSeconds(5), "the fetch fallback's view",
        () -> latestViews().get(0).contains("/nobeacon/9\""));

    driver.switchTo().window(liveTab);
    new WebDriverWait(driver, Duration.ofSeconds(2)).until(
        d -> d.findElements(By.cssSelector("#views li")).size() >= 9);
    assertThat(driver.findElement(By.id("pageViews")).getText()).isEqualTo("9");

    // Nine views, all CORS-simple requests: the browser never asked a preflight.
    assertThat(TRACKER_REQUESTS.getOrDefault("POST", new AtomicInteger()).get()).isGreaterThanOrEqualTo(9);
    assertThat(TRACKER_REQUESTS.getOrDefault("OPTIONS", new AtomicInteger()).get()).as("preflights").isZero();
  }
}
