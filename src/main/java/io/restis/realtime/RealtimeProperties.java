package io.restis.realtime;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the real-time parts ({@code restis.pubsub.*}, {@code restis.notifications.*},
 * {@code restis.blocking.*}), bound as three records under one holder.
 */
public final class RealtimeProperties {

  private RealtimeProperties() {}

  /**
   * Pub/sub streams ({@code restis.pubsub.*}).
   *
   * @param maxPending messages that may wait for a slow subscriber before its stream is closed
   *     (Redis's client-output-buffer-limit pubsub does the same with bytes)
   * @param heartbeat how often an idle stream gets a comment line (keeps proxies open, detects
   *     clients that left)
   * @param writerThreads threads that write to all streams (streams hold no thread while idle)
   */
  @Validated
  @ConfigurationProperties("restis.pubsub")
  public record PubSub(
      @Min(1) @Max(10_000_000) @DefaultValue("10000") int maxPending,
      @NotNull @DurationMin(millis = 10) @DefaultValue("15s") Duration heartbeat,
      @Min(1) @Max(256) @DefaultValue("4") int writerThreads) {}

  /**
   * Keyspace notifications ({@code restis.notifications.*}).
   *
   * @param keyspaceEvents Redis's notify-keyspace-events classes, e.g. {@code KEA}; empty = off
   */
  @Validated
  @ConfigurationProperties("restis.notifications")
  public record Notifications(
      @NotNull @Pattern(regexp = "[Ag$lshzxeKEtmdn]*", message = "must use only Redis's classes Ag$lshzxeKEtmdn")
      @DefaultValue("") String keyspaceEvents) {}

  /**
   * Blocking commands over HTTP ({@code restis.blocking.*}).
   *
   * @param keepalive how often a waiting long poll gets a space written, which detects clients
   *     that left (their parked command is then removed)
   * @param timeoutCheck how often parked commands are checked for an expired timeout (the
   *     resolution of BLPOP's timeout)
   */
  @Validated
  @ConfigurationProperties("restis.blocking")
  public record Blocking(
      @NotNull @DurationMin(millis = 10) @DefaultValue("15s") Duration keepalive,
      @NotNull @DurationMin(millis = 1) @DefaultValue("10ms") Duration timeoutCheck) {}

}
