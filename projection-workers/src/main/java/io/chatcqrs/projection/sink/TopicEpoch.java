package io.chatcqrs.projection.sink;

/**
 * The incarnation of a topic whose offsets become write timestamps: 0 for the first topic ever
 * registered under a name in a keyspace, one more for every re-created or replacing topic ({@link
 * TopicEpochs}). A write timestamp is {@code (epoch << 48) | offset}: within one incarnation it is
 * the offset's order, and every offset of a later incarnation is above every offset of an earlier
 * one, so a topic whose offsets restart at 0 never writes under the rows of its predecessor.
 *
 * <p>Range: offsets below 2^48 (2.8 * 10^14: a partition taking 100,000 records a second for 89
 * years) and epochs up to {@link #MAX_EPOCH} (32,766 re-creations), so the largest timestamp is
 * 2^63 - 2^48 - 1, below {@code Long.MAX_VALUE}: Cassandra's signed 64-bit microseconds never
 * overflow and never turn negative. Out-of-range values throw rather than wrap. Epoch 0 writes
 * exactly the offset, the timestamps the sink wrote before epochs existed.
 */
record TopicEpoch(int value) {
  /** Bits of the timestamp that hold the offset. */
  static final int OFFSET_BITS = 48;

  /** The largest offset a timestamp can hold. */
  static final long MAX_OFFSET = (1L << OFFSET_BITS) - 1;

  /** The largest epoch: one below what would reach {@code Long.MAX_VALUE}. */
  static final int MAX_EPOCH = (1 << (Long.SIZE - 1 - OFFSET_BITS)) - 2;

  /** The first incarnation. */
  static final TopicEpoch FIRST = new TopicEpoch(0);

  TopicEpoch {
    if (value < 0 || value > MAX_EPOCH) {
      throw new IllegalArgumentException(
          "topic epoch "
              + value
              + " outside 0.."
              + MAX_EPOCH
              + ": write timestamps would overflow");
    }
  }

  /** The write timestamp of the record at {@code offset} of this incarnation. */
  long writeTimestamp(long offset) {
    if (offset < 0 || offset > MAX_OFFSET) {
      throw new IllegalArgumentException(
          "offset " + offset + " outside 0.." + MAX_OFFSET + ": no room in a write timestamp");
    }
    return ((long) value << OFFSET_BITS) | offset;
  }

  /** The epoch after this one. */
  TopicEpoch next() {
    return new TopicEpoch(value + 1);
  }
}
