package io.chatcqrs.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void the_contract_reuses_one_validator_per_schema_and_still_validates() {
    OpenAPIContract contract = OpenApiDocument.load(vertx, "openapi/tiny.yaml").await().contract();
    Operation operation = contract.operation("postThing");
    JsonSchema id = operation.getParameters().get(0).getSchema();
    JsonSchema body = operation.getRequestBody().getContent().get("application/json").getSchema();
    SchemaRepository repository = contract.getSchemaRepository();

    assertThat(repository.validator(id)).isSameAs(repository.validator(id));
    assertThat(repository.validator(body)).isSameAs(repository.validator(body));
    assertThat(repository.validator(id)).isNotSameAs(repository.validator(body));

    assertThat(repository.validator(id).validate("abc").getValid()).isTrue();
    assertThat(repository.validator(id).validate("ABC").getValid()).isFalse();
    assertThat(repository.validator(body).validate(new JsonObject().put("text", "hi")).getValid())
        .isTrue();
    assertThat(
            repository
                .validator(body)
                .validate(new JsonObject().put("text", "too long"))
                .getValid())
        .isFalse();
  }
}
