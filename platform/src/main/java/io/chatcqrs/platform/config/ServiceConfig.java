package io.chatcqrs.platform.config;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service's settings as one flat map of dotted keys ({@code kafka.bootstrap.servers}, {@code
 * http.port}...), the same shape a verticle receives from {@code config()}.
 *
 * <p>Precedence, lowest first: built-in {@link #defaults() defaults}, then the caller's service
 * defaults, then a JSON file (the given path, else the path in env {@code CHAT_CONFIG}), then
 * environment variables mapped by {@link #ENV_KEYS} plus service-specific ones. The JSON file may
 * be flat ({@code {"http.port": 8081}}) or nested ({@code {"http": {"port": 8081}}}); nested
 * objects are flattened to dotted keys.
 */
public final class ServiceConfig {
  /** Environment variables every service honours, and the keys they set. */
  public static final Map<String, String> ENV_KEYS =
      Map.of(
          "KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap.servers",
          "CASSANDRA_CONTACT_POINTS", "cassandra.contact.points",
          "CASSANDRA_LOCAL_DC", "cassandra.local.dc",
          "CASSANDRA_KEYSPACE", "cassandra.keyspace",
          "CHAT_JWT_SECRET", "jwt.secret",
          "HTTP_PORT", "http.port",
          "HTTP_HOST", "http.host",
          "TOPICS_PREFIX", "topics.prefix");

  /** The env variable naming the JSON config file. */
  public static final String CONFIG_FILE_ENV = "CHAT_CONFIG";

  private final JsonObject values;

  private ServiceConfig(JsonObject values) {
    this.values = values;
  }

  /** Wraps a flat JSON object as received through a verticle's {@code config()}. */
  public static ServiceConfig of(JsonObject flat) {
    return new ServiceConfig(flatten(Objects.requireNonNull(flat, "config")));
  }

  /** Settings common to every service; each service layers its own defaults on top. */
  public static JsonObject defaults() {
    return new JsonObject()
        .put("kafka.bootstrap.servers", "localhost:9092")
        .put("cassandra.contact.points", "localhost:9042")
        .put("cassandra.local.dc", "datacenter1")
        .put("cassandra.keyspace", "chat")
        .put("topics.prefix", "")
        .put("http.host", "0.0.0.0")
        .put("http.port", 8080);
  }

  /**
   * Loads the configuration of a service from the process environment.
   *
   * @param serviceDefaults defaults of the service (flat), over {@link #defaults()}
   * @param file a JSON file to read, or null to use env {@code CHAT_CONFIG} (if set)
   * @param serviceEnvKeys service-specific env variables (e.g. {@code COMMAND_API_PORT} to {@code
   *     http.port}); they win over the common ones
   */
  public static ServiceConfig load(
      JsonObject serviceDefaults, Path file, Map<String, String> serviceEnvKeys) {
    return load(serviceDefaults, file, serviceEnvKeys, System.getenv());
  }

  /** As {@link #load(JsonObject, Path, Map)} with an explicit environment (for tests). */
  public static ServiceConfig load(
      JsonObject serviceDefaults,
      Path file,
      Map<String, String> serviceEnvKeys,
      Map<String, String> env) {
    JsonObject merged =
        defaults().mergeIn(flatten(serviceDefaults)).mergeIn(fileSettings(file, env));
    for (Map<String, String> mapping : List.of(ENV_KEYS, serviceEnvKeys)) {
      mapping.forEach(
          (envName, key) -> {
            String value = env.get(envName);
            if (value != null && !value.isBlank()) {
              merged.put(key, value.trim());
            }
          });
    }
    return new ServiceConfig(merged);
  }

  /**
   * The settings of the JSON file named by env {@code CHAT_CONFIG}, flattened; empty when the
   * variable is not set. For runners that build configurations of their own (the local stack).
   */
  public static JsonObject configFileSettings() {
    return fileSettings(null, System.getenv());
  }

  /** {@code file}, else the file named by env {@code CHAT_CONFIG}, flattened; or empty. */
  private static JsonObject fileSettings(Path file, Map<String, String> env) {
    Path configFile = file;
    String named = env.get(CONFIG_FILE_ENV);
    if (configFile == null && named != null && !named.isBlank()) {
      configFile = Path.of(named);
    }
    return configFile == null ? new JsonObject() : flatten(readJson(configFile));
  }

  /** The flat JSON object, a copy: what to hand to a verticle as its config. */
  public JsonObject toJson() {
    return values.copy();
  }

  /** Whether the key has a non-null value. */
  public boolean has(String key) {
    return values.getValue(key) != null;
  }

  /** A required string; throws {@link MissingSettingException} when absent or blank. */
  public String string(String key) {
    String value = string(key, null);
    if (value == null || value.isBlank()) {
      throw new MissingSettingException(key);
    }
    return value;
  }

  /** A string, or {@code fallback} when absent. Numbers and booleans are rendered as text. */
  public String string(String key, String fallback) {
    Object value = values.getValue(key);
    return value == null ? fallback : value.toString();
  }

  /** An int (given as number or text), or {@code fallback} when absent. */
  public int integer(String key, int fallback) {
    return (int) number(key, fallback);
  }

  /** A long (given as number or text), or {@code fallback} when absent. */
  public long number(String key, long fallback) {
    Object value = values.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(key, "a whole number", value);
    }
  }

  /** A boolean ("true"/"false" or a JSON boolean), or {@code fallback} when absent. */
  public boolean bool(String key, boolean fallback) {
    Object value = values.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = value.toString().trim();
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new InvalidSettingException(key, "true or false", value);
  }

  /** A duration given in milliseconds, or {@code fallback} when absent. */
  public Duration millis(String key, Duration fallback) {
    return has(key) ? Duration.ofMillis(number(key, 0)) : fallback;
  }

  /** A comma-separated list, trimmed, empty entries dropped; empty when absent. */
  public List<String> list(String key) {
    String value = string(key, "");
    return java.util.Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** A copy with {@code key} set (for tests and runners). */
  public ServiceConfig with(String key, Object value) {
    return new ServiceConfig(values.copy().put(key, value));
  }

  private static JsonObject readJson(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config file " + file, e);
    }
  }

  private static JsonObject flatten(JsonObject source) {
    Map<String, Object> flat = new LinkedHashMap<>();
    flattenInto("", source, flat);
    return new JsonObject(flat);
  }

  private static void flattenInto(String prefix, JsonObject source, Map<String, Object> out) {
    for (Map.Entry<String, Object> entry : source) {
      String key = prefix + entry.getKey();
      if (entry.getValue() instanceof JsonObject nested) {
        flattenInto(key + ".", nested, out);
      } else if (entry.getValue() instanceof Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) map;
        flattenInto(key + ".", new JsonObject(typed), out);
      } else {
        out.put(key, entry.getValue());
      }
    }
  }

  /** A required setting is missing. */
  public static final class MissingSettingException extends IllegalStateException {
    MissingSettingException(String key) {
      super("missing setting: " + key);
    }
  }

  /** A setting has a value of the wrong kind. */
  public static final class InvalidSettingException extends IllegalStateException {
    InvalidSettingException(String key, String expected, Object actual) {
      super("setting " + key + " must be " + expected + ", was: " + actual);
    }
  }
}
