package io.chatcqrs.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.platform.http.OpenApiDocument;
import io.vertx.core.Vertx;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The committed OpenAPI document loads into the router and documents the pre-checks' answers. */
class OpenApiContractTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void should_document_404_and_503_on_every_command_on_a_chat() {
    OpenApiDocument document = OpenApiDocument.load(vertx, "openapi/command-api.yaml").await();
    RouterBuilder.create(vertx, document.contract(), RequestExtractor.withBodyHandler());

    for (String id :
        List.of(
            "addMember",
            "removeMember",
            "sendMessage",
            "editMessage",
            "deleteMessage",
            "markRead")) {
      Operation operation = document.contract().operation(id);
      assertThat(operation.getResponse(404)).as(id + " 404").isNotNull();
      assertThat(operation.getResponse(503)).as(id + " 503").isNotNull();
    }
    assertThat(document.contract().operation("createChat").getResponse(503)).isNotNull();
  }
}
