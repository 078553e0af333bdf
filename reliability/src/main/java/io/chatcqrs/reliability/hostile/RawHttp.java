package io.chatcqrs.reliability.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * HTTP/1.1 over a plain socket, byte for byte: what a hostile client can send and a well-behaved
 * client library refuses to (invalid UTF-8 in the request line, raw control characters, header
 * lines of any size, bodies that lie about their length). Every request closes its connection.
 */
public final class RawHttp {
  private static final int MAX_READ = 256 * 1024;

  private RawHttp() {}

  /**
   * The answer: {@code status} -1 when the server closed (or reset) the connection without a status
   * line, -2 when nothing came within the timeout.
   */
  public record Answer(int status, String head, String body, long millis) {
    /** The first value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  /** Builds the bytes of a request; {@code target} is sent verbatim. */
  public static byte[] request(
      String method, byte[] target, List<String[]> headers, byte[] body, boolean contentLength) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(method.getBytes(StandardCharsets.ISO_8859_1));
    out.write(' ');
    out.writeBytes(target);
    out.writeBytes(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".getBytes());
    for (String[] h : headers) {
      out.writeBytes((h[0] + ": " + h[1] + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
    if (body != null && contentLength) {
      out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes());
    }
    out.writeBytes("\r\n".getBytes());
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  /** Sends {@code request} to 127.0.0.1:{@code port} and reads the answer (up to 256 KiB). */
  public static Answer exchange(int port, byte[] request, int timeoutMillis) {
    long start = System.nanoTime();
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      try {
        // no half-close: Vert.x closes a half-closed connection without answering
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // the server may answer (413, 431) and close before the whole request was written
      }
      InputStream stream = socket.getInputStream();
      byte[] buffer = new byte[8192];
      int n;
      boolean headOnly =
          new String(request, 0, Math.min(5, request.length), StandardCharsets.ISO_8859_1)
              .equals("HEAD ");
      while (in.size() < MAX_READ && !complete(in, headOnly) && (n = stream.read(buffer)) > 0) {
        in.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      if (in.size() == 0) {
        return new Answer(-2, "", "", millis(start));
      }
    } catch (IOException e) {
      if (in.size() == 0) {
        return new Answer(-1, e.toString(), "", millis(start));
      }
    }
    return parse(in.toString(StandardCharsets.UTF_8), millis(start));
  }

  private static final java.util.regex.Pattern CONTENT_LENGTH =
      java.util.regex.Pattern.compile("\r\ncontent-length: *(\\d+)");

  /**
   * Whether a whole response has arrived (by Content-Length or the last chunk): Vert.x does not
   * always close the connection after answering, so waiting for end-of-stream would wait for the
   * socket timeout.
   */
  static boolean complete(ByteArrayOutputStream received, boolean headOnly) {
    String text = received.toString(StandardCharsets.ISO_8859_1);
    int split = text.indexOf("\r\n\r\n");
    if (split < 0) {
      return false;
    }
    String head = text.substring(0, split).toLowerCase(java.util.Locale.ROOT);
    if (headOnly || head.contains("content-type: text/event-stream")) {
      return true;
    }
    int bodyBytes = text.length() - split - 4;
    java.util.regex.Matcher length = CONTENT_LENGTH.matcher(head);
    if (length.find()) {
      return bodyBytes >= Long.parseLong(length.group(1));
    }
    if (head.contains("transfer-encoding: chunked")) {
      return text.endsWith("0\r\n\r\n");
    }
    return head.startsWith("http/1.1 1")
        || head.startsWith("http/1.1 204")
        || head.startsWith("http/1.1 304");
  }

  private static Answer parse(String text, long millis) {
    if (!text.startsWith("HTTP/1.")) {
      return new Answer(-1, text.substring(0, Math.min(200, text.length())), "", millis);
    }
    int split = text.indexOf("\r\n\r\n");
    String head = split < 0 ? text : text.substring(0, split);
    String body = split < 0 ? "" : text.substring(split + 4);
    try {
      return new Answer(Integer.parseInt(head.substring(9, 12)), head, body, millis);
    } catch (RuntimeException e) {
      return new Answer(-1, head, body, millis);
    }
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
