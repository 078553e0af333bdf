package io.chatcqrs.web;

import io.chatcqrs.platform.http.TrustedProxies;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The settings of {@link WebVerticle}, read from the verticle's JSON config.
 *
 * <p>Every key can be given flat ({@code {"web.port": 8080}}) or nested ({@code {"web": {"port":
 * 8080}}}); numbers and booleans may also be strings, as they arrive from environment variables.
 * Keys: {@code web.port} (default 8080, 0 picks a free port), {@code web.host} (default {@code
 * 127.0.0.1} in local mode, {@code 0.0.0.0} otherwise), {@code web.command-api.url} and {@code
 * web.query-api.url} (the upstreams the page reaches through {@code /api/command} and {@code
 * /api/query}), {@code local.mode} (enables the demo token endpoint), {@code jwt.secret} (falls
 * back to the {@code CHAT_JWT_SECRET} environment variable; required in local mode), {@code
 * web.local-token-ttl-seconds} (default 12 h), {@code web.demo-users} and {@code
 * web.proxy.max-connections} (upstream pool size per API, default 256: every open event stream
 * holds one), {@code http.trusted-proxies} (IPs and CIDR ranges of balancers in front of this
 * server whose {@code X-Forwarded-For} is believed; none by default, see {@link TrustedProxies}).
 *
 * @param port the port to listen on
 * @param host the interface to bind
 * @param commandApi base URL of the command-api
 * @param queryApi base URL of the query-api
 * @param localMode whether the demo token endpoint is served
 * @param jwtSecret the HS256 secret, or null outside local mode when none is configured
 * @param localTokenTtlSeconds lifetime of demo tokens
 * @param demoUsers user ids the sign-in page offers as one-click choices
 * @param maxUpstreamConnections pool size of the proxy's HTTP client
 * @param trustedProxies the balancers in front whose forwarded client addresses are passed on
 */
public record WebConfig(
    int port,
    String host,
    URI commandApi,
    URI queryApi,
    boolean localMode,
    String jwtSecret,
    long localTokenTtlSeconds,
    List<String> demoUsers,
    int maxUpstreamConnections,
    TrustedProxies trustedProxies) {

  /** The smallest HS256 secret accepted, in bytes, as the API contract requires. */
  public static final int MIN_SECRET_BYTES = 32;

  /** Validates what can be validated without I/O. */
  public WebConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("web.port out of range: " + port);
    }
    if (localMode
        && (jwtSecret == null
            || jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES)) {
      throw new IllegalArgumentException(
          "local.mode needs jwt.secret (or CHAT_JWT_SECRET) of at least "
              + MIN_SECRET_BYTES
              + " bytes");
    }
    demoUsers = List.copyOf(demoUsers);
  }

  /** Reads the config, applying the defaults described on the type. */
  public static WebConfig from(JsonObject config) {
    boolean localMode = bool(config, "local.mode", false);
    String secret = string(config, "jwt.secret", System.getenv("CHAT_JWT_SECRET"));
    List<String> demoUsers = list(config, "web.demo-users", List.of("alice", "bob", "carol"));
    return new WebConfig(
        (int) number(config, "web.port", 8080),
        string(config, "web.host", localMode ? "127.0.0.1" : "0.0.0.0"),
        url(config, "web.command-api.url", "http://localhost:8081"),
        url(config, "web.query-api.url", "http://localhost:8082"),
        localMode,
        secret,
        number(config, "web.local-token-ttl-seconds", 12 * 3600),
        demoUsers,
        (int) number(config, "web.proxy.max-connections", 256),
        TrustedProxies.of(list(config, TrustedProxies.KEY, List.of())));
  }

  /** Finds a dotted key flat first, then as a path through nested objects. */
  static Object lookup(JsonObject config, String key) {
    if (config.containsKey(key)) {
      return config.getValue(key);
    }
    Object current = config;
    for (String part : key.split("\\.")) {
      if (!(current instanceof JsonObject object) || !object.containsKey(part)) {
        return null;
      }
      current = object.getValue(part);
    }
    return current;
  }

  private static String string(JsonObject config, String key, String fallback) {
    Object value = lookup(config, key);
    return value == null ? fallback : value.toString();
  }

  private static long number(JsonObject config, String key, long fallback) {
    Object value = lookup(config, key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a number: " + value, e);
    }
  }

  private static boolean bool(JsonObject config, String key, boolean fallback) {
    Object value = lookup(config, key);
    if (value == null) {
      return fallback;
    }
    return value instanceof Boolean b ? b : Boolean.parseBoolean(value.toString().trim());
  }

  private static URI url(JsonObject config, String key, String fallback) {
    String raw = string(config, key, fallback);
    URI uri = URI.create(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(key + " must be an http(s) URL: " + raw);
    }
    return uri;
  }

  private static List<String> list(JsonObject config, String key, List<String> fallback) {
    Object value = lookup(config, key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof io.vertx.core.json.JsonArray array) {
      return array.stream().map(Object::toString).toList();
    }
    return java.util.Arrays.stream(value.toString().split(","))
        .map(String::trim)
        .filter(entry -> !entry.isEmpty())
        .toList();
  }
}
