package io.chatcqrs.query.live.ticket;

import io.chatcqrs.events.codec.Json;
import io.chatcqrs.platform.auth.AuthHandler;
import io.chatcqrs.platform.auth.Authenticated;
import io.chatcqrs.platform.auth.Caller;
import io.chatcqrs.platform.http.ProblemException;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/**
 * Live-stream authentication: {@code POST /v1/me/events/tickets} and the credentials of {@code GET
 * /v1/me/events}.
 *
 * <p>The issue endpoint (after bearer authentication) answers 201 {@code {"ticket","expires_at"}}
 * with a new single-use ticket ({@link TicketCodec}). The stream accepts, in this order: {@code
 * ?ticket=} (checked, then consumed with {@link UsedTickets}; a used, expired, foreign or mangled
 * ticket is 401), the {@code Authorization: Bearer} header, and {@code ?access_token=} only where
 * {@code sse.allow-access-token} is set (otherwise 401 naming the ticket endpoint). Every refusal
 * is problem+json with {@code WWW-Authenticate} and counts against the client IP's failure budget.
 */
public final class StreamTickets {
  private final TicketCodec codec;
  private final UsedTickets used;
  private final boolean allowAccessToken;

  /**
   * @param allowAccessToken whether {@code ?access_token=} is accepted on the stream
   */
  public StreamTickets(TicketCodec codec, UsedTickets used, boolean allowAccessToken) {
    this.codec = codec;
    this.used = used;
    this.allowAccessToken = allowAccessToken;
  }

  /** {@code POST /v1/me/events/tickets} for an authenticated caller. */
  public void issue(RoutingContext ctx) {
    Authenticated credentials =
        new Authenticated(Caller.of(ctx), Authenticated.expiresAt(ctx).orElse(null));
    Ticket ticket = codec.issue(credentials);
    ctx.response()
        .setStatusCode(201)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(
            new JsonObject()
                .put("ticket", codec.encode(ticket))
                .put("expires_at", Json.formatTime(ticket.expiresAt()))
                .encode());
  }

  /**
   * The stream's authentication handler, as described on the type.
   *
   * @param bearer authenticates the header only (and limits failures per IP)
   * @param bearerOrQuery authenticates the header or {@code ?access_token=}
   */
  public Handler<RoutingContext> authentication(AuthHandler bearer, AuthHandler bearerOrQuery) {
    return ctx -> authenticate(ctx, bearer, bearerOrQuery);
  }

  private void authenticate(RoutingContext ctx, AuthHandler bearer, AuthHandler bearerOrQuery) {
    String text = ctx.request().getParam("ticket");
    if (text != null) {
      useTicket(ctx, text, bearer);
    } else if (ctx.request().getHeader("Authorization") != null || allowAccessToken) {
      (allowAccessToken ? bearerOrQuery : bearer).handle(ctx);
    } else if (ctx.request().getParam("access_token") != null) {
      bearer.fail(
          ctx,
          new ProblemException.Unauthorized(
              "?access_token= is not accepted here: get a ticket with POST /v1/me/events/tickets"
                  + " and open the stream with ?ticket="));
    } else {
      bearer.fail(
          ctx,
          new ProblemException.Unauthorized(
              "a ticket (POST /v1/me/events/tickets) or a bearer token is required"));
    }
  }

  private void useTicket(RoutingContext ctx, String text, AuthHandler bearer) {
    Ticket ticket;
    try {
      ticket = codec.decode(text);
    } catch (ProblemException.Unauthorized refused) {
      bearer.fail(ctx, refused);
      return;
    }
    used.markUsed(ticket)
        .onFailure(
            failure ->
                ctx.fail(
                    new ProblemException.ServiceUnavailable(
                        "the ticket could not be checked", Duration.ofSeconds(2))))
        .onSuccess(
            first -> {
              if (!first) {
                bearer.fail(
                    ctx,
                    new ProblemException.Unauthorized(
                        "the ticket was already used; get a new one with POST"
                            + " /v1/me/events/tickets"));
              } else if (ticket.tokenExpiresAt() != null
                  && !ticket.tokenExpiresAt().isAfter(Instant.now())) {
                bearer.fail(ctx, new ProblemException.Unauthorized("the token has expired"));
              } else {
                ticket.credentials().putInto(ctx);
                ctx.next();
              }
            });
  }
}
