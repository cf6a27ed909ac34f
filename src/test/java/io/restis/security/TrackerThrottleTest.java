package io.restis.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.security.SecureHttp.Answer;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The tracker token's rate limit: over real HTTP, a burst then 429 with Retry-After (client tokens
 * are not throttled); the token bucket itself on a fake clock: refill, per-address buckets, IPv6
 * counted by /64, bounded memory.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "restis.security.tokens[0].name=admin",
    "restis.security.tokens[0].token=admin-token-0123456789",
    "restis.security.tokens[0].rules=+@all ~* &*",
    "restis.security.tracker-tokens[0].name=blog",
    "restis.security.tracker-tokens[0].token=pk-blog-123",
    "restis.security.tracker-tokens[0].sites=blog",
    "restis.security.tracker-rate-limit.burst=3",
    "restis.security.tracker-rate-limit.requests-per-minute=2"})
class TrackerThrottleTest {

  static final String VIEW = "{\"url\":\"https://blog.example/\",\"visitor\":\"v\"}";

  @LocalServerPort
  int port;

  @Test
  void aBurstThen429WithRetryAfter() throws Exception {
    SecureHttp http = new SecureHttp(port);
    for (int i = 0; i < 3; i++) {
      assertThat(http.send("POST", "/track/blog?token=pk-blog-123", null, VIEW).status()).isEqualTo(204);
    }
    Answer throttled = http.send("POST", "/track/blog?token=pk-blog-123", null, VIEW);
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 30L);
    assertThat(throttled.header("Content-Type")).startsWith("application/problem+json");
    assertThat(throttled.json().get("type").asString()).isEqualTo("https://restis.io/problems/too-many-requests");
    // and stays refused until the bucket refills
    assertThat(http.send("POST", "/track/blog?token=pk-blog-123", null, VIEW).status()).isEqualTo(429);
    // a client token is not a tracker token: not throttled
    for (int i = 0; i < 5; i++) {
      assertThat(http.send("POST", "/track/blog", "admin-token-0123456789", VIEW).status()).isEqualTo(204);
    }
  }

  @Test
  void theBucketRefillsAndCountsAddressesApart() {
    AtomicLong now = new AtomicLong(0);
    TrackerRateLimiter limiter = new TrackerRateLimiter(new SecurityProperties.RateLimit(60, 2, 100), now::get);
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(1); // one token per second at 60/min
    assertThat(limiter.acquire("b")).isZero(); // another address, its own bucket
    now.addAndGet(1_000_000_000L);
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(1);
    now.addAndGet(10_000_000_000L);
    assertThat(limiter.acquire("a")).isZero(); // full again, never beyond the burst
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(1);
    TrackerRateLimiter slow = new TrackerRateLimiter(new SecurityProperties.RateLimit(1, 1, 100), now::get);
    assertThat(slow.acquire("c")).isZero();
    assertThat(slow.acquire("c")).isEqualTo(60);
    assertThat(ClientAddress.bucketKey("2001:db8::1")).isEqualTo(ClientAddress.bucketKey("2001:db8::ffff:2"));
  }

  @Test
  void memoryIsBounded() {
    AtomicLong now = new AtomicLong(0);
    TrackerRateLimiter limiter = new TrackerRateLimiter(new SecurityProperties.RateLimit(60, 5, 100), now::get);
    for (int i = 0; i < 1000; i++) {
      limiter.acquire("10.0." + (i / 256) + "." + (i % 256));
      assertThat(limiter.tracked()).isLessThanOrEqualTo(100);
    }
    now.addAndGet(60_000_000_000L); // everybody refilled: all dropped on the next newcomer
    limiter.acquire("192.0.2.1");
    assertThat(limiter.tracked()).isEqualTo(1);
  }
}
