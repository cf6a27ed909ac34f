package io.restis.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.support.HeadlessChromium;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The HTML pages under their Content-Security-Policy, in Debian's headless Chromium, with tokens
 * configured: Swagger UI and the live page run without a single violation (every violation the
 * browser reports is recorded from before the page's first script), and the live page, given its
 * token in the address's fragment, shows a view sent with a tracker token; a view whose URL is a
 * javascript: link shows as plain text.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "restis.security.tokens[0].name=admin",
    "restis.security.tokens[0].token=admin-token-0123456789",
    "restis.security.tokens[0].rules=+@all ~* &*",
    "restis.security.tracker-tokens[0].name=blog",
    "restis.security.tracker-tokens[0].token=pk-blog-123",
    "restis.security.tracker-tokens[0].sites=blog"})
class SecurityBrowserTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** Records every violation the page reports, installed before the page's own scripts run. */
  private static final String RECORD_VIOLATIONS = "window.__violations = [];"
      + "document.addEventListener('securitypolicyviolation', function (e) {"
      + "  window.__violations.push(e.effectiveDirective + ' ' + e.blockedURI); });";

  @LocalServerPort
  int port;

  @SuppressWarnings("unchecked")
  private static List<String> violations(JavascriptExecutor js) {
    return (List<String>) js.executeScript("return window.__violations || ['recorder missing'];");
  }

  @Test
  void swaggerUiAndTheLivePageRunUnderTheirPolicies() throws Exception {
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      ((HasCdp) chromium.driver()).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
          Map.of("source", RECORD_VIOLATIONS));
      chromium.run("security-swagger-ui", driver -> {
        driver.get("http://localhost:" + port + "/swagger-ui/index.html");
        chromium.waiting(PATIENCE).until(d -> !d.findElements(By.cssSelector(".swagger-ui .info .title")).isEmpty());
        chromium.waiting(PATIENCE).until(d -> !d.findElements(By.cssSelector(".btn.authorize")).isEmpty());
        chromium.waiting(PATIENCE).until(d -> !d.findElements(By.cssSelector(".opblock")).isEmpty());
        assertThat(violations((JavascriptExecutor) driver)).isEmpty();
      });
      chromium.run("security-live-page", driver -> {
        driver.get("http://localhost:" + port + "/live.html?site=blog#token=admin-token-0123456789");
        chromium.waiting(PATIENCE).until(d -> d.findElement(By.id("status")).getText().equals("live"));
        SecureHttp http = new SecureHttp(port);
        assertThat(http.send("POST", "/track/blog?token=pk-blog-123", null,
            "{\"url\":\"https://blog.example/hello\",\"title\":\"Hello\",\"visitor\":\"v1\"}").status()).isEqualTo(204);
        assertThat(http.send("POST", "/track/blog?token=pk-blog-123", null,
            "{\"url\":\"javascript:alert(1)\",\"title\":\"Trap\",\"visitor\":\"v2\"}").status()).isEqualTo(204);
        chromium.waiting(PATIENCE).until(d -> d.findElements(By.cssSelector("#views li")).size() >= 2);
        List<WebElement> links = driver.findElements(By.cssSelector("#views li a"));
        assertThat(links).extracting(a -> a.getText()).contains("Hello", "Trap");
        for (WebElement a : links) {
          if (a.getText().equals("Trap")) {
            assertThat(a.getAttribute("href")).isNull();
          } else {
            assertThat(a.getAttribute("href")).isEqualTo("https://blog.example/hello");
          }
        }
        assertThat(violations((JavascriptExecutor) driver)).isEmpty();
        // the recorder records: an inline script the page does not own is refused and reported
        ((JavascriptExecutor) driver).executeScript("var s = document.createElement('script');"
            + "s.textContent = 'window.__ran = true'; document.body.appendChild(s);");
        chromium.waiting(PATIENCE).until(d -> !violations((JavascriptExecutor) d).isEmpty());
        assertThat(violations((JavascriptExecutor) driver)).first().asString().startsWith("script-src");
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__ran === true")).isEqualTo(false);
      });
      chromium.run("security-live-page-without-token", driver -> {
        driver.get("http://localhost:" + port + "/live.html?site=blog");
        chromium.waiting(PATIENCE).until(d -> d.findElement(By.id("status")).getText().startsWith("error"));
        assertThat(driver.findElement(By.id("status")).getText()).contains("401");
      });
    }
  }
}
