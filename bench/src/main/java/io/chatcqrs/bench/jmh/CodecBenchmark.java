package io.chatcqrs.bench.jmh;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.codec.ChatCloudEvents;
import io.chatcqrs.events.codec.ChatEventCodec;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The event codec on the send and projection hot paths: encode, decode, CloudEvent wrapping. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
  private final ChatEvent event = sample();
  private final byte[] json = ChatEventCodec.encode(event);

  @Benchmark
  public byte[] encode() {
    return ChatEventCodec.encode(event);
  }

  @Benchmark
  public ChatEvent decode() {
    return ChatEventCodec.decode(json);
  }

  @Benchmark
  public Object toCloudEvent() {
    return ChatCloudEvents.toCloudEvent(event);
  }

  @Benchmark
  public MessageId deriveMessageId() {
    return MessageId.derive(event.chatId(), event.actorId(), ClientMsgId.of("client-1"));
  }

  static MessageSent sample() {
    UserId alice = UserId.of("alice");
    ChatId chat = ChatId.of("d" + "x".repeat(26));
    ClientMsgId client = ClientMsgId.of("client-1");
    return new MessageSent(
        UUID.randomUUID().toString(),
        chat,
        alice,
        Instant.parse("2026-11-25T09:30:00.123Z"),
        1,
        MessageId.derive(chat, alice, client),
        client,
        "x".repeat(100));
  }
}
