package io.chatcqrs.bench.jmh;

import io.chatcqrs.query.cursor.CursorCodec;
import java.util.List;
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

/** The room-list cursor: HMAC-protected encoding and its verification on every next page. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CursorBenchmark {
  private final CursorCodec codec =
      CursorCodec.fromSecret("a-bench-secret-of-at-least-32-bytes-long");
  private final List<String> fields = List.of("1795612271123", "dZVMaju_qe5NpOm-BHfzXQEBm9w");
  private final String cursor = codec.encode("rooms/alice", fields);

  @Benchmark
  public String encode() {
    return codec.encode("rooms/alice", fields);
  }

  @Benchmark
  public List<String> decode() {
    return codec.decode("rooms/alice", cursor);
  }
}
