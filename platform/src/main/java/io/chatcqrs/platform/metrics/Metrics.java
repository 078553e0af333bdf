package io.chatcqrs.platform.metrics;

import io.chatcqrs.platform.http.Problem;
import io.chatcqrs.platform.http.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;

/**
 * A service's Prometheus metrics: the registry, the {@code GET /metrics} scrape handler and the
 * HTTP request metrics every service records.
 *
 * <p>Request metrics, tagged with {@code service}, {@code method}, {@code route} (the route
 * template such as {@code /v1/chats/:chatId/messages}, or {@code unmatched}) and {@code status}:
 *
 * <ul>
 *   <li>{@code chat_http_requests_seconds} (timer: count and latency histogram)
 *   <li>{@code chat_http_rejections_total} for problem responses, tagged with {@code reason} (the
 *       problem type's short name)
 *   <li>{@code chat_rate_limited_total} per {@code policy}, via {@link #rateLimited(String)}
 * </ul>
 */
public final class Metrics {
  private static final String START_KEY = "chat.metrics.start";
  private static volatile PrometheusMeterRegistry processRegistry;

  private final PrometheusMeterRegistry registry;
  private final String service;

  /** Metrics of {@code service} recorded in {@code registry}. */
  public Metrics(PrometheusMeterRegistry registry, String service) {
    this.registry = registry;
    this.service = service;
  }

  /**
   * The registry shared by everything in this JVM (the one-JVM local run deploys several services;
   * their meters differ by the {@code service} tag).
   */
  public static PrometheusMeterRegistry processRegistry() {
    PrometheusMeterRegistry registry = processRegistry;
    if (registry == null) {
      synchronized (Metrics.class) {
        if (processRegistry == null) {
          PrometheusMeterRegistry created = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
          // heap, GC, threads and CPU of the process, whoever created the Vert.x instance
          new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(created);
          new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(created);
          new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(created);
          new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(created);
          processRegistry = created;
        }
        registry = processRegistry;
      }
    }
    return registry;
  }

  /**
   * A Vert.x instance that also reports Vert.x's own metrics (event loops, pools, HTTP server) into
   * {@link #processRegistry()}. Mains use it; embedding code may create Vert.x as it likes.
   */
  public static Vertx newVertx(VertxOptions options) {
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
    return Vertx.builder()
        .with(options)
        .withMetrics(new MicrometerMetricsFactory(processRegistry()))
        .build();
  }

  /** The registry. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The {@code GET /metrics} handler: the Prometheus text exposition of the registry. */
  public Handler<RoutingContext> scrapeHandler() {
    return ctx ->
        ctx.response()
            .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .end(registry.scrape());
  }

  /**
   * A root handler (install it first) that records every request of {@code router} when its
   * response headers are written.
   */
  public PlatformHandler requestMetrics(Router router) {
    RouteTemplates templates = new RouteTemplates(router);
    return ctx -> {
      ctx.put(START_KEY, System.nanoTime());
      ctx.addHeadersEndHandler(v -> record(ctx, templates));
      ctx.next();
    };
  }

  /** Counts one request refused by a rate-limit policy. */
  public void rateLimited(String policy) {
    Counter.builder("chat_rate_limited_total")
        .description("requests refused by a rate limit")
        .tags("service", service, "policy", policy)
        .register(registry)
        .increment();
  }

  /** A timer tagged with the service (e.g. the command side's produce latency). */
  public Timer timer(String name, String description, String... tags) {
    return Timer.builder(name)
        .description(description)
        .tags(Tags.of(tags).and("service", service))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /** A counter tagged with the service. */
  public Counter counter(String name, String description, String... tags) {
    return Counter.builder(name)
        .description(description)
        .tags(Tags.of(tags).and("service", service))
        .register(registry);
  }

  /** The decoded path, or the raw one when it cannot be decoded (the request is refused anyway). */
  private static String pathOf(RoutingContext ctx) {
    try {
      return ctx.normalizedPath();
    } catch (IllegalArgumentException e) {
      return ctx.request().path();
    }
  }

  private void record(RoutingContext ctx, RouteTemplates templates) {
    Long start = ctx.get(START_KEY);
    String method = ctx.request().method().name();
    String route = templates.templateOf(ctx.request().method(), pathOf(ctx));
    String status = Integer.toString(ctx.response().getStatusCode());
    Timer.builder("chat_http_requests")
        .description("HTTP requests by route and status")
        .tags("service", service, "method", method, "route", route, "status", status)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)
        .record(Duration.ofNanos(System.nanoTime() - (start == null ? System.nanoTime() : start)));
    Problem problem = ctx.get(Problems.PROBLEM_KEY);
    if (problem != null) {
      counter(
              "chat_http_rejections_total",
              "problem responses by reason",
              "route",
              route,
              "reason",
              problem.reason(),
              "status",
              status)
          .increment();
    }
  }
}
