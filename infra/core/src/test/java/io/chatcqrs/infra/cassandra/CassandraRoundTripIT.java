package io.chatcqrs.infra.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

@ChatInfraTest
class CassandraRoundTripIT {

  @Test
  void a_row_written_to_a_migrated_table_reads_back(ChatInfra infra) {
    String keyspace = infra.isolate().keyspace();
    CqlSession session = infra.session();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    session.execute(
        "INSERT INTO "
            + keyspace
            + ".chats (chat_id, type, title, last_seq, created_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        "c1",
        "group",
        "Team",
        7L,
        now);
    Row row =
        session
            .execute(
                "SELECT type, title, last_seq, created_at FROM "
                    + keyspace
                    + ".chats"
                    + " WHERE chat_id = ?",
                "c1")
            .one();

    assertThat(row).isNotNull();
    assertThat(row.getString("title")).isEqualTo("Team");
    assertThat(row.getLong("last_seq")).isEqualTo(7L);
    assertThat(row.getInstant("created_at")).isEqualTo(now);
  }

  @Test
  void cassandra_answers_with_its_release_version(ChatInfra infra) {
    Row row = infra.session().execute("SELECT release_version FROM system.local").one();

    assertThat(row).isNotNull();
    assertThat(row.getString("release_version")).startsWith("5.0");
    assertThat(infra.localDatacenter()).isEqualTo("datacenter1");
  }
}
