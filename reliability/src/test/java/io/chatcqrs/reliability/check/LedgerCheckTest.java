package io.chatcqrs.reliability.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.ChatCreated;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.ReadMarkerMoved;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.Reasons;
import io.chatcqrs.events.projection.SequencedEvent.Outcome;
import io.chatcqrs.platform.position.Position;
import io.chatcqrs.projection.testkit.ReferenceModel;
import io.chatcqrs.reliability.load.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ledger method's verdict rules on a hand-made topic: what must fail, what is only counted. */
class LedgerCheckTest {
  private static final ChatId CHAT = ChatId.of("c1");
  private static final Instant NOW = Instant.parse("2026-11-25T09:30:00.123Z");

  private final List<TopicSnapshot.Located> events = new ArrayList<>();
  private final Map<Position, Verdicts.Verdict> verdicts = new HashMap<>();
  private final List<LedgerEntry> ledger = new ArrayList<>();

  @Test
  void an_acknowledged_command_that_was_rejected_or_got_no_verdict_fails_the_ledger() {
    append(
        new ChatCreated(
            "e0",
            CHAT,
            UserId.of("u1"),
            NOW,
            ChatEvent.SCHEMA_VERSION,
            ChatType.GROUP,
            "g",
            List.of(UserId.of("u1"), UserId.of("u2"))),
        Outcome.ACCEPTED,
        null);
    Position ok = append(send("u1", "a"), Outcome.ACCEPTED, null);
    acked("send", "u1", "a", ok);
    Position rejected = append(send("u2", "b"), Outcome.REJECTED, Reasons.NOT_MEMBER);
    acked("send", "u2", "b", rejected);
    Position retry = append(send("u1", "a"), Outcome.DUPLICATE, Reasons.DUPLICATE_MESSAGE);
    acked("send", "u1", "a", retry);
    Position unjudged =
        append(
            new ReadMarkerMoved("e9", CHAT, UserId.of("u1"), NOW, ChatEvent.SCHEMA_VERSION, 1),
            null,
            null);
    acked("read", "u1", null, unjudged);
    // a 503 for a send that was written anyway: allowed ("maybe"), counted
    append(send("u2", "c"), Outcome.ACCEPTED, null);
    ledger.add(entry("send", "u2", "c", 503, null));
    // a 400 for a send that nevertheless is in the topic, with no other attempt: a broken promise
    append(send("u1", "d"), Outcome.ACCEPTED, null);
    ledger.add(entry("send", "u1", "d", 400, null));

    LedgerCheck.Result result = check();

    assertThat(result.violations())
        .hasSize(3)
        .anySatisfy(v -> assertThat(v).startsWith("ACKNOWLEDGED BUT REJECTED (not_member)"))
        .anySatisfy(v -> assertThat(v).startsWith("NO VERDICT"))
        .anySatisfy(v -> assertThat(v).startsWith("refused with 400 but appended"));
    assertThat(result.acknowledged()).isEqualTo(4);
    assertThat(result.duplicates()).isEqualTo(1);
    assertThat(result.ambiguousDurable()).isEqualTo(1);
  }

  @Test
  void accepted_and_duplicate_verdicts_and_a_durable_503_pass() {
    append(
        new ChatCreated(
            "e0",
            CHAT,
            UserId.of("u1"),
            NOW,
            ChatEvent.SCHEMA_VERSION,
            ChatType.GROUP,
            "g",
            List.of(UserId.of("u1"), UserId.of("u2"))),
        Outcome.ACCEPTED,
        null);
    append(send("u1", "a"), Outcome.ACCEPTED, null);
    ledger.add(entry("send", "u1", "a", 503, null));
    Position retry = append(send("u1", "a"), Outcome.DUPLICATE, Reasons.DUPLICATE_MESSAGE);
    acked("send", "u1", "a", retry);

    LedgerCheck.Result result = check();

    assertThat(result.violations()).isEmpty();
    assertThat(result.duplicates()).isEqualTo(1);
  }

  private LedgerCheck.Result check() {
    ReferenceModel reference = new ReferenceModel(1000, 100);
    events.forEach(e -> reference.apply(e.event()));
    return LedgerCheck.check(
        ledger, TopicSnapshot.of(events), Verdicts.of(verdicts), reference, null, 5000);
  }

  private Position append(ChatEvent event, Outcome outcome, String reason) {
    Position p = new Position(0, events.size());
    events.add(new TopicSnapshot.Located(p.partition(), p.offset(), event));
    if (outcome != null) {
      verdicts.put(p, new Verdicts.Verdict(outcome, reason));
    }
    return p;
  }

  private void acked(String op, String user, String clientMsgId, Position p) {
    ledger.add(entry(op, user, clientMsgId, 202, p.encode()));
  }

  private static MessageSent send(String sender, String clientMsgId) {
    return new MessageSent(
        "e-" + sender + clientMsgId + Math.random(),
        CHAT,
        UserId.of(sender),
        NOW,
        ChatEvent.SCHEMA_VERSION,
        id(sender, clientMsgId),
        ClientMsgId.of(clientMsgId),
        "t");
  }

  private static MessageId id(String sender, String clientMsgId) {
    return MessageId.derive(CHAT, UserId.of(sender), ClientMsgId.of(clientMsgId));
  }

  private static LedgerEntry entry(
      String op, String user, String clientMsgId, int status, String position) {
    return new LedgerEntry(
        op,
        user,
        CHAT.value(),
        clientMsgId == null ? null : id(user, clientMsgId).value(),
        clientMsgId,
        null,
        NOW,
        status,
        10,
        position);
  }
}
