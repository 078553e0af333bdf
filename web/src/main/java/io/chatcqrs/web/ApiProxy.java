package io.chatcqrs.web;

import io.chatcqrs.platform.http.TrustedProxies;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.proxy.handler.ProxyHandler;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.net.URI;
import java.util.List;

/**
 * Reverse-proxies a path prefix of the web origin to one of the APIs, so that the page calls both
 * APIs same-origin and needs no CORS.
 *
 * <p>Promises: {@code <prefix>/rest} reaches {@code <upstream>/rest} with method, query, headers
 * (including {@code Authorization} and {@code Last-Event-ID}) and body streamed through unchanged;
 * responses stream back as they arrive, so event streams are never buffered. {@code
 * X-Forwarded-For} names the browser: the peer's address appended to the chain its trusted
 * balancers forwarded (see {@link TrustedProxies}); from a peer that is not one of {@code
 * http.trusted-proxies} only the peer's address, whatever it sent (an incoming {@code Forwarded} is
 * dropped either way, so the APIs read one header). A {@code last_event_id} query parameter is
 * turned into a {@code Last-Event-ID} header (unless one is already present) and removed, because a
 * page that has to open a new {@code EventSource} after a fatal error cannot set that header
 * itself. An upstream that cannot be reached answers 502 with an empty body.
 */
final class ApiProxy {

  static final String LAST_EVENT_ID_PARAM = "last_event_id";

  private ApiProxy() {}

  /** Routes {@code prefix} and everything below it to {@code upstream} through {@code client}. */
  static void mount(
      Router router, String prefix, URI upstream, HttpClient client, TrustedProxies proxies) {
    boolean tls = "https".equals(upstream.getScheme());
    int port = upstream.getPort() > 0 ? upstream.getPort() : tls ? 443 : 80;
    SocketAddress address = SocketAddress.inetSocketAddress(port, upstream.getHost());
    String basePath = upstream.getRawPath() == null ? "" : upstream.getRawPath();
    HttpProxy proxy =
        HttpProxy.reverseProxy(client)
            .origin(
                context ->
                    context
                        .client()
                        .request(
                            new RequestOptions()
                                .setServer(address)
                                .setHost(upstream.getHost())
                                .setPort(port)
                                .setSsl(tls)))
            .addInterceptor(new Rewrite(prefix, basePath, proxies))
            .addInterceptor(new EventStreamHeaders());
    router.route(prefix + "/*").handler(ProxyHandler.create(proxy));
  }

  /** Strips the prefix, applies the upstream's base path and moves the resume id to its header. */
  private static final class Rewrite implements ProxyInterceptor {
    private final String prefix;
    private final String basePath;
    private final TrustedProxies proxies;

    Rewrite(String prefix, String basePath, TrustedProxies proxies) {
      this.prefix = prefix;
      this.proxies = proxies;
      this.basePath =
          basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
      ProxyRequest request = context.request();
      String uri = request.getURI();
      String rest = uri.startsWith(prefix) ? uri.substring(prefix.length()) : uri;
      if (rest.isEmpty() || rest.charAt(0) != '/') {
        rest = "/" + rest;
      }
      String lastEventId = request.proxiedRequest().getParam(LAST_EVENT_ID_PARAM);
      if (lastEventId != null) {
        rest = withoutParam(rest, LAST_EVENT_ID_PARAM);
        if (!request.headers().contains("Last-Event-ID") && !lastEventId.isBlank()) {
          request.putHeader("Last-Event-ID", lastEventId);
        }
      }
      request.setURI(basePath + rest);
      List<String> chain = proxies.forwardedChain(request.proxiedRequest());
      request.headers().remove("Forwarded");
      if (chain.isEmpty()) {
        request.headers().remove("X-Forwarded-For");
      } else {
        request.putHeader("X-Forwarded-For", String.join(", ", chain));
      }
      return context.sendRequest();
    }

    static String withoutParam(String uri, String name) {
      int query = uri.indexOf('?');
      if (query < 0) {
        return uri;
      }
      StringBuilder kept = new StringBuilder();
      for (String pair : uri.substring(query + 1).split("&")) {
        if (pair.isEmpty() || pair.equals(name) || pair.startsWith(name + "=")) {
          continue;
        }
        kept.append(kept.length() == 0 ? "" : "&").append(pair);
      }
      return kept.length() == 0 ? uri.substring(0, query) : uri.substring(0, query) + "?" + kept;
    }
  }

  /** Tells any buffering hop in front of us to pass event streams through as they are written. */
  private static final class EventStreamHeaders implements ProxyInterceptor {
    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
      ProxyResponse response = context.response();
      String type = response.headers().get("Content-Type");
      if (type != null && type.startsWith("text/event-stream")) {
        response.headers().remove("Content-Length");
        response.putHeader("Cache-Control", "no-cache, no-transform");
        response.putHeader("X-Accel-Buffering", "no");
      }
      return context.sendResponse();
    }
  }
}
