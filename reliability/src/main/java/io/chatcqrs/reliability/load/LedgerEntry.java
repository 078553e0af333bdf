package io.chatcqrs.reliability.load;

import java.time.Instant;

/**
 * One command the load driver sent and what the API answered: the unit of the ledger method.
 *
 * @param op the command: {@code send}, {@code edit}, {@code delete}, {@code read}, {@code join},
 *     {@code leave}, {@code create}
 * @param user the caller
 * @param chatId the chat
 * @param messageId for sends the id the message must have (derived from chat, sender and
 *     client_msg_id, so known even without an answer); for edits and deletes the target
 * @param clientMsgId for sends
 * @param target for read markers the seq, for join/leave the member; else null
 * @param sentAt when the request left
 * @param status the HTTP status, or a negative {@link ApiClient.Reply} code
 * @param millis time until the answer
 * @param position the {@code position} token of an acknowledged command, else null
 */
public record LedgerEntry(
    String op,
    String user,
    String chatId,
    String messageId,
    String clientMsgId,
    String target,
    Instant sentAt,
    int status,
    long millis,
    String position) {

  /** The API acknowledged the command (2xx): it must be durable. */
  public boolean acknowledged() {
    return status / 100 == 2;
  }

  /** The API refused it with an HTTP error. */
  public boolean refused() {
    return status >= 300;
  }

  /** The client got no answer (timeout or broken connection). */
  public boolean unanswered() {
    return status < 0;
  }
}
