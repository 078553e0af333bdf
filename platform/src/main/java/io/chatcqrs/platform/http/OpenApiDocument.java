package io.chatcqrs.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A service's committed OpenAPI document: the parsed contract (for Vert.x's OpenAPI router and
 * request validation) and the raw YAML, served unchanged at {@code GET /openapi.yaml}.
 *
 * <p>Vert.x's OpenAPI support refuses response media types it cannot validate, such as {@code
 * application/problem+json}. Responses are not validated at run time, so the contract handed to
 * Vert.x drops response content of such types; the served document keeps them.
 */
public final class OpenApiDocument {
  private final OpenAPIContract contract;
  private final Buffer yaml;

  private OpenApiDocument(OpenAPIContract contract, Buffer yaml) {
    this.contract = contract;
    this.yaml = yaml;
  }

  /**
   * Loads the document from a file path or classpath resource (e.g. {@code "openapi.yaml"}),
   * without blocking the event loop.
   */
  public static Future<OpenApiDocument> load(Vertx vertx, String path) {
    return vertx
        .fileSystem()
        .readFile(path)
        .compose(
            yaml ->
                vertx
                    .executeBlocking(() -> forVertx(parse(yaml)), false)
                    .compose(json -> OpenAPIContract.from(vertx, json))
                    .map(
                        contract ->
                            new OpenApiDocument(new ValidatorCachingContract(contract), yaml)));
  }

  /** The parsed contract. */
  public OpenAPIContract contract() {
    return contract;
  }

  /** The handler of {@code GET /openapi.yaml}. */
  public Handler<RoutingContext> serveHandler() {
    return ctx -> ctx.response().putHeader("Content-Type", "application/yaml").end(yaml);
  }

  private static JsonObject parse(Buffer yaml) {
    Map<String, Object> document =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(yaml.toString(StandardCharsets.UTF_8));
    return new JsonObject(document);
  }

  static JsonObject forVertx(JsonObject document) {
    JsonObject copy = document.copy();
    JsonObject paths = copy.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject operations = paths.getJsonObject(path);
      for (String method : operations.fieldNames()) {
        if (operations.getValue(method) instanceof JsonObject operation) {
          stripUnsupported(operation.getJsonObject("responses"));
        }
      }
    }
    stripUnsupported(copy.getJsonObject("components", new JsonObject()).getJsonObject("responses"));
    return copy;
  }

  private static void stripUnsupported(JsonObject responses) {
    if (responses == null) {
      return;
    }
    for (String status : responses.fieldNames()) {
      if (responses.getValue(status) instanceof JsonObject response
          && response.getValue("content") instanceof JsonObject content) {
        content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
        if (content.isEmpty()) {
          response.remove("content");
        }
      }
    }
  }
}
