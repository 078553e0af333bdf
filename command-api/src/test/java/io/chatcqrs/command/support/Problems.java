package io.chatcqrs.command.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;

/** Assertions on problem+json answers. */
public final class Problems {
  private Problems() {}

  public static JsonObject assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("type")).isNotBlank();
    assertThat(body.getString("title")).isNotBlank();
    assertThat(body.getString("detail")).isNotBlank();
    return body;
  }
}
