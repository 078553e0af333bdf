package io.chatcqrs.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import java.util.function.BiConsumer;

/**
 * A minimal Server-Sent Events reader for the bench: hands each event's name and data to a
 * callback.
 */
final class SseClient {
  private SseClient() {}

  /** Opens the user's live stream; the future completes once the server answered 200. */
  static Future<HttpClientResponse> open(
      HttpClient http, String queryUrl, String token, BiConsumer<String, JsonObject> onEvent) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(queryUrl + "/v1/me/events")
            .putHeader("accept", "text/event-stream")
            .putHeader("authorization", "Bearer " + token);
    return http.request(options)
        .compose(request -> request.send())
        .compose(
            response -> {
              if (response.statusCode() != 200) {
                return Future.failedFuture("SSE connect: status " + response.statusCode());
              }
              String[] event = {"message"};
              StringBuilder data = new StringBuilder();
              RecordParser lines =
                  RecordParser.newDelimited(
                      "\n",
                      line -> {
                        String text = line.toString();
                        if (text.isEmpty()) {
                          if (data.length() > 0) {
                            onEvent.accept(event[0], new JsonObject(data.toString()));
                          }
                          data.setLength(0);
                          event[0] = "message";
                        } else if (text.startsWith("event:")) {
                          event[0] = text.substring(6).trim();
                        } else if (text.startsWith("data:")) {
                          data.append(text.substring(5).trim());
                        }
                      });
              response.handler(lines);
              return Future.succeededFuture(response);
            });
  }
}
