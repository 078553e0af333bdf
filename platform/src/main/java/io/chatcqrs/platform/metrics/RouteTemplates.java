package io.chatcqrs.platform.metrics;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps a request path to the template of the router's route it belongs to ({@code
 * /v1/chats/abc/messages} to {@code /v1/chats/:chatId/messages}), so that metric tags stay few
 * whatever ids requests carry, and requests that failed before reaching their route are still
 * counted under it. The router's routes are read on first use, when all are registered.
 */
final class RouteTemplates {
  static final String UNMATCHED = "unmatched";

  private final Router router;
  private volatile List<Template> templates;

  RouteTemplates(Router router) {
    this.router = router;
  }

  String templateOf(HttpMethod method, String path) {
    if (path == null) {
      return UNMATCHED;
    }
    for (Template template : templates()) {
      if (template.matches(method, path)) {
        return template.path;
      }
    }
    return UNMATCHED;
  }

  private List<Template> templates() {
    List<Template> known = templates;
    if (known == null) {
      known = new ArrayList<>();
      for (Route route : router.getRoutes()) {
        if (route.getPath() != null && !route.isRegexPath()) {
          known.add(new Template(route.getPath(), route.methods()));
        }
      }
      templates = List.copyOf(known);
    }
    return known;
  }

  private static final class Template {
    private final String path;
    private final Set<HttpMethod> methods;
    private final Pattern pattern;

    Template(String path, Set<HttpMethod> methods) {
      this.path = path;
      this.methods = methods == null ? Set.of() : Set.copyOf(methods);
      StringBuilder regex = new StringBuilder();
      for (String segment : path.split("/", -1)) {
        if (regex.length() > 0 || !segment.isEmpty()) {
          regex.append('/');
        }
        if (segment.startsWith(":")) {
          regex.append("[^/]+");
        } else if (segment.equals("*")) {
          regex.append(".*");
        } else {
          regex.append(Pattern.quote(segment));
        }
      }
      this.pattern = Pattern.compile(regex.length() == 0 ? "/" : regex.toString());
    }

    boolean matches(HttpMethod method, String requestPath) {
      return (methods.isEmpty() || methods.contains(method))
          && pattern.matcher(requestPath).matches();
    }
  }
}
