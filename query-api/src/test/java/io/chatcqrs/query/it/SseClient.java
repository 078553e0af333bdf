package io.chatcqrs.query.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A minimal Server-Sent Events client for tests: records every event and comment it reads. */
final class SseClient implements AutoCloseable {
  /** One SSE event. */
  record Event(String id, String event, String data) {}

  final List<Event> events = new CopyOnWriteArrayList<>();
  final List<String> comments = new CopyOnWriteArrayList<>();
  final int status;
  private final InputStream body;
  private final Thread reader;
  private volatile boolean ended;

  private SseClient(HttpResponse<InputStream> response) {
    this.status = response.statusCode();
    this.body = response.body();
    this.reader = new Thread(this::read, "sse-test-client");
    reader.setDaemon(true);
    if (status == 200) {
      reader.start();
    }
  }

  /** Opens the stream at {@code base} with a ticket (as a browser's EventSource would). */
  static SseClient withTicket(URI base, String ticket, String lastEventId) throws Exception {
    return open(URI.create(base + "?ticket=" + ticket), lastEventId);
  }

  /** Opens the stream at {@code uri} (its query carries the credentials). */
  static SseClient open(URI uri, String lastEventId) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    return new SseClient(
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
            .get(20, TimeUnit.SECONDS));
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      String event = null;
      List<String> data = new ArrayList<>();
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (event != null || !data.isEmpty()) {
            events.add(new Event(id, event == null ? "message" : event, String.join("\n", data)));
          }
          id = null;
          event = null;
          data.clear();
        } else if (line.startsWith(":")) {
          comments.add(line);
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.add(line.substring(5).trim());
        }
      }
    } catch (IOException e) {
      // the connection closed
    } finally {
      ended = true;
    }
  }

  /** Whether the server ended the stream. */
  boolean ended() {
    return ended;
  }

  /** The id of the last event that had one. */
  String lastId() {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).id() != null) {
        return events.get(i).id();
      }
    }
    return null;
  }

  /** Events of {@code kind}. */
  List<Event> of(String kind) {
    return events.stream().filter(e -> e.event().equals(kind)).toList();
  }

  @Override
  public void close() throws Exception {
    body.close();
    reader.join(5000);
  }
}
