package io.chatcqrs.bench.jmh;

import io.chatcqrs.events.ChatCreated;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.UserId;
import io.chatcqrs.projection.perchat.ChatMembers;
import io.chatcqrs.projection.perchat.ChatRules;
import io.chatcqrs.projection.perchat.ChatState;
import io.chatcqrs.projection.perchat.Decision;
import io.chatcqrs.projection.perchat.Member;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-chat stage's decision for one new message (membership check, seq, marker, every member's
 * room state in fan-out on write; the sender's only in fan-out on read, above the default
 * threshold), without Kafka Streams around it, in a direct chat and in groups.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PerChatStageBenchmark {
  @Param({"2", "100", "1000"})
  public int members;

  private final ChatRules rules = new ChatRules(1000, ChatRules.DEFAULT_FANOUT_READ_THRESHOLD);
  private ChatState state;
  private ChatMembers chatMembers;
  private MessageSent message;

  @Setup
  public void setUp() {
    ChatId chat = ChatId.of("bench");
    List<UserId> ids = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      ids.add(UserId.of("u" + i));
    }
    Instant at = Instant.parse("2026-11-25T09:30:00.123Z");
    ChatCreated created =
        new ChatCreated(
            "e0",
            chat,
            ids.get(0),
            at,
            1,
            members == 2 ? ChatType.DIRECT : ChatType.GROUP,
            "t",
            ids);
    Decision d = rules.apply(null, ChatMembers.none(), id -> null, created);
    state = d.state();
    Map<String, Member> stored = new HashMap<>();
    d.concerned().forEach(m -> stored.put(m.userId().value(), new Member(0, m.joinedAt())));
    chatMembers = ChatMembers.of(stored);
    ClientMsgId client = ClientMsgId.of("c1");
    message =
        new MessageSent(
            "e1",
            chat,
            ids.get(0),
            at.plusSeconds(1),
            1,
            MessageId.derive(chat, ids.get(0), client),
            client,
            "x".repeat(100));
  }

  @Benchmark
  public Decision decideNewMessage() {
    return rules.apply(state, chatMembers, id -> null, message);
  }
}
