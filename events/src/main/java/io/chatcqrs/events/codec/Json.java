package io.chatcqrs.events.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The contract's JSON conventions in one place: snake_case names, RFC 3339 UTC times with exactly
 * millisecond precision ({@code 2026-11-25T09:30:00.123Z}), unknown fields ignored so that additive
 * changes never break a reader.
 */
public final class Json {
  /** RFC 3339, UTC, always three fraction digits. */
  public static final DateTimeFormatter TIME_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final ObjectMapper MAPPER = newMapper();

  private Json() {}

  /** The shared, thread-safe mapper configured with the contract's conventions. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A fresh mapper with the contract's conventions, for callers that need to add modules. */
  public static ObjectMapper newMapper() {
    SimpleModule times = new SimpleModule("chat-times");
    times.addSerializer(Instant.class, new InstantSerializer());
    times.addDeserializer(Instant.class, new InstantDeserializer());
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .addModule(times)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(MapperFeature.DEFAULT_VIEW_INCLUSION)
        .build();
  }

  /** Formats an instant the contract's way (truncated to milliseconds). */
  public static String formatTime(Instant instant) {
    return TIME_FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  private static final class InstantSerializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(formatTime(value));
    }
  }

  private static final class InstantDeserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return Instant.parse(p.getValueAsString());
    }
  }
}
