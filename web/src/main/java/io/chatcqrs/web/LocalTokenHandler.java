package io.chatcqrs.web;

import io.chatcqrs.events.Ids;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.TokenIssuer;
import io.chatcqrs.platform.http.ProblemException;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code POST /local/token {"user_id":"alice"}}: mints a demo token for any well-formed user id.
 *
 * <p>Only ever mounted in local mode: anyone who can reach it can act as any user. Answers {@code
 * {"user_id","token","expires_at"}} with an HS256 JWT from the platform's {@link TokenIssuer}, so
 * the APIs accept it exactly as they accept the local run's printed demo tokens; 400 for a
 * malformed body or user id, 415 for a body that is not JSON (both problem+json).
 */
final class LocalTokenHandler implements Handler<RoutingContext> {

  private final TokenIssuer issuer;
  private final Duration ttl;

  LocalTokenHandler(String secret, Duration ttl) {
    this.issuer = new TokenIssuer(secret);
    this.ttl = ttl;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      ctx.fail(new ProblemException.UnsupportedMediaType("send {\"user_id\":\"...\"} as JSON"));
      return;
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    Object userId = body == null ? null : body.getValue("user_id");
    if (!(userId instanceof String id) || !Ids.isValid(id)) {
      ctx.fail(new ProblemException.BadRequest("user_id must be 1-64 letters, digits, '_' or '-'"));
      return;
    }
    Instant expiresAt = Instant.now().plus(ttl);
    String token = issuer.userToken(UserId.of(id), ttl);
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(
            new JsonObject()
                .put("user_id", id)
                .put("token", token)
                .put("expires_at", expiresAt.toString())
                .encode());
  }
}
