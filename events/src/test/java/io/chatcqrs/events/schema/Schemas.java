package io.chatcqrs.events.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;

/** Loads the committed JSON Schemas from the classpath, resolving their {@code $id}s there. */
final class Schemas {
  static final String ID_BASE = "https://chatcqrs.io/schemas/";

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder -> builder.schemaMappers(m -> m.mapPrefix(ID_BASE, "classpath:schemas/")));
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  private Schemas() {}

  static JsonSchema load(String name) {
    return FACTORY.getSchema(SchemaLocation.of(ID_BASE + name + ".json"), CONFIG);
  }

  static Set<ValidationMessage> validate(String name, JsonNode json) {
    return load(name).validate(json);
  }
}
