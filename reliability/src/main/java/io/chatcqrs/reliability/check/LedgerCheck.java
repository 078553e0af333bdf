package io.chatcqrs.reliability.check;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.platform.position.Position;
import io.chatcqrs.projection.testkit.ReadModelCheck;
import io.chatcqrs.projection.testkit.ReferenceModel;
import io.chatcqrs.reliability.load.LedgerEntry;
import io.chatcqrs.reliability.load.ReadSample;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger method: holds what the API answered against what the topic and the read models say.
 *
 * <ul>
 *   <li>every acknowledged command is in {@code chat.events.v1} at the position it was given, as
 *       the same event (chat, actor, and for a send the message id);
 *   <li>a send that was refused or got no answer is either absent everywhere or, if it became
 *       durable anyway (ambiguous outcome), fully applied: the read-model comparison then holds it
 *       to the same standard as an acknowledged one;
 *   <li>every error answer is a 503 (or a client error) and came within {@code maxErrorMillis}.
 * </ul>
 */
public final class LedgerCheck {
  /** The contract's bound on an error answer ("fast 503s"). */
  public static final long CONTRACT_MILLIS = 5000;

  private LedgerCheck() {}

  /**
   * What the check found.
   *
   * @param violations broken durability promises: lost, misplaced or half-applied (must be empty)
   * @param answerViolations answers that broke the API's promises: a 5xx other than 503, a 503
   *     slower than the bound, no answer at all (must be empty)
   * @param overContract error answers slower than the contract's 5 s (reported)
   * @param acknowledged commands acknowledged
   * @param refused commands refused with an HTTP error
   * @param unanswered commands without an answer
   * @param ambiguousDurable refused or unanswered sends that are nevertheless in the topic though
   *     no retry was acknowledged (and so, by the read-model check, fully applied)
   * @param rejectedByRules acknowledged sends the projection's rules rejected (e.g. the sender had
   *     just left): in the topic, not in history, by design
   * @param maxErrorMillis the slowest error answer
   */
  public record Result(
      List<String> violations,
      List<String> answerViolations,
      int overContract,
      int acknowledged,
      int refused,
      int unanswered,
      int ambiguousDurable,
      int rejectedByRules,
      long maxErrorMillis) {}

  /** Checks {@code commands} against the topic, the reference model and Cassandra. */
  public static Result check(
      List<LedgerEntry> commands,
      TopicSnapshot topic,
      ReferenceModel reference,
      ReadModelCheck store,
      long maxErrorMillis) {
    List<String> violations = new ArrayList<>();
    List<String> answers = new ArrayList<>();
    int overContract = 0;
    int acked = 0;
    int refused = 0;
    int unanswered = 0;
    int ambiguous = 0;
    int rejected = 0;
    long slowest = 0;
    java.util.Set<String> ackedSends = new java.util.HashSet<>();
    for (LedgerEntry e : commands) {
      if (e.acknowledged() && e.messageId() != null && e.op().startsWith("send")) {
        ackedSends.add(e.messageId());
      }
    }
    for (LedgerEntry e : commands) {
      if (e.acknowledged()) {
        acked++;
        String problem = durability(e, topic);
        if (problem != null) {
          violations.add(problem);
        } else if (e.op().startsWith("send") && !accepted(reference, e)) {
          rejected++;
        }
        continue;
      }
      if (e.unanswered()) {
        unanswered++;
        answers.add("no answer within the client timeout: " + e);
      } else {
        refused++;
        slowest = Math.max(slowest, e.millis());
        if (e.status() >= 500 && e.status() != 503) {
          answers.add("server error other than 503: " + e);
        }
        if (e.status() >= 500 && e.millis() > CONTRACT_MILLIS) {
          overContract++;
        }
        if (e.status() >= 500 && e.millis() > maxErrorMillis) {
          answers.add("503 slower than " + maxErrorMillis + " ms: " + e);
        }
      }
      if (e.op().startsWith("send") && e.messageId() != null) {
        if (topic.sendsOf(e.messageId()) > 0) {
          if (!ackedSends.contains(e.messageId())) {
            ambiguous++;
          }
        } else if (store.hasMessage(e.chatId(), e.messageId())) {
          violations.add("half-applied: not in the topic but in messages_by_id: " + e);
        }
      }
    }
    return new Result(
        violations,
        answers,
        overContract,
        acked,
        refused,
        unanswered,
        ambiguous,
        rejected,
        slowest);
  }

  /** Query answers: any 5xx must be a 503 within {@code maxErrorMillis}; lists violations. */
  public static List<String> checkReads(List<ReadSample> reads, long maxErrorMillis) {
    List<String> violations = new ArrayList<>();
    for (ReadSample r : reads) {
      if (r.status() < 0) {
        violations.add("query without an answer: " + r);
      } else if (r.status() >= 500 && (r.status() != 503 || r.millis() > maxErrorMillis)) {
        violations.add("query error not a fast 503: " + r);
      }
    }
    return violations;
  }

  private static boolean accepted(ReferenceModel reference, LedgerEntry e) {
    ReferenceModel.Chat chat = reference.chats.get(e.chatId());
    return chat != null && chat.byId.containsKey(e.messageId());
  }

  private static String durability(LedgerEntry e, TopicSnapshot topic) {
    if (e.position() == null) {
      return "acknowledged without a position: " + e;
    }
    Position p;
    try {
      p = Position.decode(e.position());
    } catch (IllegalArgumentException ex) {
      return "acknowledged with an undecodable position: " + e;
    }
    TopicSnapshot.Located located = topic.at(p.partition(), p.offset()).orElse(null);
    if (located == null) {
      return "LOST: acknowledged but not in chat.events.v1 at " + p + ": " + e;
    }
    ChatEvent event = located.event();
    if (!event.chatId().value().equals(e.chatId()) || !event.actorId().value().equals(e.user())) {
      return "acknowledged position " + p + " holds another event " + event + ": " + e;
    }
    if (e.op().startsWith("send")
        && !(event instanceof MessageSent sent && sent.messageId().value().equals(e.messageId()))) {
      return "acknowledged send at " + p + " holds " + event + ": " + e;
    }
    return null;
  }
}
