package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.support.HeadlessChromium;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Swagger UI in a real (headless) Chromium, used as a person would: open the strings operations,
 * put a string with "Try it out", read it back with "Try it out", and see the value in the
 * response body. A failure leaves {@code target/swagger-ui-failure.png}; a pass leaves
 * {@code target/swagger-ui-top.png} (the page as it opens) and {@code target/swagger-ui.png} (the
 * value read back).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SwaggerUiBrowserTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @LocalServerPort
  int port;

  @Test
  void tryItOutPutsAStringAndReadsItBack() throws Exception {
    String key = "swagger:" + ThreadLocalRandom.current().nextInt(1_000_000);
    String value = "hello from Swagger UI " + ThreadLocalRandom.current().nextInt(1_000_000);
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      chromium.run("swagger-ui", driver -> {
        driver.get("http://localhost:" + port + "/swagger-ui/index.html");
        chromium.waiting(PATIENCE).until(ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(".swagger-ui .info .title")));
        assertThat(driver.findElement(By.cssSelector(".swagger-ui .info .title")).getText()).startsWith("Restis");
        chromium.screenshot("swagger-ui-top");

        WebElement put = tryItOut(chromium, driver, "operations-strings-setString");
        fill(parameter(put, "key"), key);
        WebElement body = put.findElement(By.cssSelector("textarea.body-param__text"));
        fill(body, "{\"value\": \"" + value + "\"}");
        put.findElement(By.cssSelector("button.execute")).click();
        assertThat(response(chromium, put)).as("PUT answer").contains("\"written\": true");
        assertThat(status(put)).as("PUT status").isEqualTo("201");

        WebElement get = tryItOut(chromium, driver, "operations-strings-getString");
        fill(parameter(get, "key"), key);
        get.findElement(By.cssSelector("button.execute")).click();
        assertThat(response(chromium, get)).as("GET answer").contains("\"value\": \"" + value + "\"");
        assertThat(status(get)).as("GET status").isEqualTo("200");
        chromium.screenshot("swagger-ui");
      });
    }
    // What the page showed is what the store holds.
    assertThat(new Http(port).get("/strings/" + key).json().get("value").asString()).isEqualTo(value);
  }

  /** Expands the operation, clicks "Try it out" and answers the operation's block. */
  private static WebElement tryItOut(HeadlessChromium chromium, WebDriver driver, String id) {
    WebElement op = driver.findElement(By.id(id));
    scrollTo(driver, op);
    op.findElement(By.cssSelector(".opblock-summary-control")).click();
    WebElement button = chromium.waiting(PATIENCE).until(d -> {
      WebElement b = d.findElement(By.id(id)).findElement(By.cssSelector("button.try-out__btn"));
      return b.isDisplayed() ? b : null;
    });
    assertThat(button.getText()).isEqualTo("Try it out");
    scrollTo(driver, button);
    button.click();
    chromium.waiting(PATIENCE).until(d -> d.findElement(By.id(id)).findElements(By.cssSelector("button.execute"))
        .stream().anyMatch(WebElement::isDisplayed));
    return driver.findElement(By.id(id));
  }

  private static WebElement parameter(WebElement op, String name) {
    return op.findElement(By.cssSelector("tr[data-param-name='" + name + "'] input"));
  }

  /** Replaces a field's text by typing, as a person would (React sees every key). */
  private static void fill(WebElement field, String text) {
    field.click();
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    field.sendKeys(text);
    assertThat(field.getAttribute("value")).isEqualTo(text);
  }

  /** The response body panel of the executed request, once it shows. */
  private static String response(HeadlessChromium chromium, WebElement op) {
    return chromium.waiting(PATIENCE).until(d -> {
      var bodies = op.findElements(By.cssSelector(".live-responses-table .response-col_description .highlight-code pre"));
      return bodies.isEmpty() || bodies.get(0).getText().isBlank() ? null : bodies.get(0).getText();
    });
  }

  private static String status(WebElement op) {
    return op.findElement(By.cssSelector(".live-responses-table .response .response-col_status")).getText().trim();
  }

  private static void scrollTo(WebDriver driver, WebElement element) {
    ((org.openqa.selenium.JavascriptExecutor) driver)
        .executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
  }
}
