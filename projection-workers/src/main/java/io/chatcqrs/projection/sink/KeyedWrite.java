package io.chatcqrs.projection.sink;

import com.datastax.oss.driver.api.core.cql.BoundStatement;

/**
 * One bound write and the Cassandra partition it touches ({@code table|key}), so that writes to the
 * same partition can travel in one unlogged batch.
 *
 * @param partition the table and partition key, e.g. {@code rooms_by_user|alice}
 * @param table the table it writes (for {@code chat_projection_cql_writes_total})
 * @param statement the bound write
 */
record KeyedWrite(String partition, String table, BoundStatement statement) {}
