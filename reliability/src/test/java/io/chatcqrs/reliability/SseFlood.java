package io.chatcqrs.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Opens SSE streams on raw sockets and keeps them open, for the connection flood. */
final class SseFlood {
  private SseFlood() {}

  /** An SSE connection: the status it got (negative: none) and its socket. */
  record Open(int status, Socket socket) {
    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a dead connection: nothing to do
      }
    }
  }

  static Open connect(int port, String token) {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET /v1/me/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                      + "Authorization: Bearer "
                      + token
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (head.size() < 12) {
        int b = in.read();
        if (b < 0) {
          return new Open(-1, socket);
        }
        head.write(b);
      }
      return new Open(
          Integer.parseInt(head.toString(StandardCharsets.US_ASCII).substring(9, 12)), socket);
    } catch (IOException | RuntimeException e) {
      return new Open(-2, socket);
    }
  }
}
