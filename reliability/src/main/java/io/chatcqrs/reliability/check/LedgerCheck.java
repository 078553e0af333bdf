package io.chatcqrs.reliability.check;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.projection.SequencedEvent;
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
 *   <li>every acknowledged command took effect: its verdict on {@code chat.sequenced.v1} is
 *       accepted or duplicate (a client retry, a read marker that was already further), never
 *       rejected, and it has one (a 2xx means the command takes effect);
 *   <li>a send that was refused or got no answer is either absent everywhere or, if it became
 *       durable anyway (a 503 means "maybe": ambiguous outcome, counted), fully applied: the
 *       read-model comparison then holds it to the same standard as an acknowledged one;
 *   <li>a send refused with a 4xx is not in the topic unless another attempt with the same
 *       client_msg_id may have appended it (acknowledged, 5xx or unanswered);
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
   * @param violations broken promises of an answer: acknowledged but lost, misplaced, rejected by
   *     the per-chat stage or without a verdict; refused but appended; half-applied (must be empty)
   * @param answerViolations answers that broke the API's promises: a 5xx other than 503, a 503
   *     slower than the bound, no answer at all (must be empty)
   * @param overContract error answers slower than the contract's 5 s (reported)
   * @param acknowledged commands acknowledged
   * @param refused commands refused with an HTTP error
   * @param unanswered commands without an answer
   * @param ambiguousDurable refused or unanswered sends that are nevertheless in the topic though
   *     no retry was acknowledged (and so, by the read-model check, fully applied)
   * @param duplicates acknowledged commands whose verdict is duplicate (no effect needed: a retry
   *     of what had been applied, a join of a member, a read marker already further)
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
      int duplicates,
      long maxErrorMillis) {}

  /** Checks {@code commands} against the topic, the verdicts, the reference model and Cassandra. */
  public static Result check(
      List<LedgerEntry> commands,
      TopicSnapshot topic,
      Verdicts verdicts,
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
    int duplicates = 0;
    long slowest = 0;
    java.util.Set<String> ackedSends = new java.util.HashSet<>();
    java.util.Set<String> mayHaveAppended = new java.util.HashSet<>();
    for (LedgerEntry e : commands) {
      if (e.messageId() != null && e.op().startsWith("send")) {
        if (e.acknowledged()) {
          ackedSends.add(e.messageId());
        }
        if (e.acknowledged() || e.unanswered() || e.status() >= 500) {
          mayHaveAppended.add(e.messageId());
        }
      }
    }
    for (LedgerEntry e : commands) {
      if (e.acknowledged()) {
        acked++;
        String problem = durability(e, topic);
        if (problem == null) {
          Position p = Position.decode(e.position());
          Verdicts.Verdict verdict = verdicts.of(p.partition(), p.offset()).orElse(null);
          if (verdict == null) {
            problem = "NO VERDICT: acknowledged, but chat.sequenced.v1 has no verdict on " + p;
          } else if (verdict.outcome() == SequencedEvent.Outcome.REJECTED) {
            problem = "ACKNOWLEDGED BUT REJECTED (" + verdict.reason() + ") at " + p;
          } else if (verdict.outcome() == SequencedEvent.Outcome.DUPLICATE) {
            duplicates++;
          } else if (e.op().startsWith("send") && !accepted(reference, e)) {
            problem = "acknowledged send accepted by the per-chat stage, not in the reference";
          }
        }
        if (problem != null) {
          violations.add(problem + ": " + e);
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
          if (!mayHaveAppended.contains(e.messageId())) {
            violations.add("refused with " + e.status() + " but appended: " + e);
          } else if (!ackedSends.contains(e.messageId())) {
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
        duplicates,
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
      return "acknowledged without a position";
    }
    Position p;
    try {
      p = Position.decode(e.position());
    } catch (IllegalArgumentException ex) {
      return "acknowledged with an undecodable position";
    }
    TopicSnapshot.Located located = topic.at(p.partition(), p.offset()).orElse(null);
    if (located == null) {
      return "LOST: acknowledged but not in chat.events.v1 at " + p;
    }
    ChatEvent event = located.event();
    if (!event.chatId().value().equals(e.chatId()) || !event.actorId().value().equals(e.user())) {
      return "acknowledged position " + p + " holds another event " + event;
    }
    if (e.op().startsWith("send")
        && !(event instanceof MessageSent sent && sent.messageId().value().equals(e.messageId()))) {
      return "acknowledged send at " + p + " holds " + event;
    }
    return null;
  }
}
