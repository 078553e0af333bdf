package io.chatcqrs.projection.sink.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SinkStatementTest {
  private static final SinkStatement UPSERT =
      SinkStatement.of(
          "things",
          "INSERT INTO {keyspace}.things (id, name) VALUES (:id, :name) USING TIMESTAMP :ts");

  @Test
  void markers_are_the_named_bind_markers_in_order() {
    assertThat(UPSERT.markers()).containsExactly("id", "name", "ts");
    assertThat(UPSERT.cql("ks1")).startsWith("INSERT INTO ks1.things ");
  }

  @Test
  void a_write_must_address_every_marker_by_name() {
    assertThatThrownBy(
            () -> UPSERT.write("things|1", Bindings.named().set("id", "1").set("ts", 5L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(
            () ->
                UPSERT.write(
                    "things|1",
                    Bindings.named()
                        .set("id", "1")
                        .set("name", "x")
                        .set("nmae", "y")
                        .set("ts", 5L)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bindings.named().set("id", "1").setOrUnset("id", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void set_binds_null_and_set_or_unset_leaves_a_null_unset() {
    RowWrite tombstone =
        UPSERT.write("things|1", Bindings.named().set("id", "1").set("name", null).set("ts", 5L));
    RowWrite untouched =
        UPSERT.write(
            "things|1", Bindings.named().set("id", "1").setOrUnset("name", null).set("ts", 5L));
    RowWrite present =
        UPSERT.write(
            "things|1", Bindings.named().set("id", "1").setOrUnset("name", "x").set("ts", 5L));

    assertThat(tombstone.values()).containsEntry("name", null);
    assertThat(tombstone.unset()).isEmpty();
    assertThat(untouched.values()).doesNotContainKey("name");
    assertThat(untouched.unset()).containsExactly("name");
    assertThat(present.value("name")).isEqualTo("x");
    assertThat(present.table()).isEqualTo("things");
    assertThat(present.partition()).isEqualTo("things|1");
  }

  @Test
  void a_statement_must_name_its_table_and_not_repeat_a_marker() {
    assertThatThrownBy(() -> SinkStatement.of("things", "INSERT INTO {keyspace}.other (id)"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                SinkStatement.of(
                    "things", "DELETE FROM {keyspace}.things WHERE id = :id AND k = :id"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
