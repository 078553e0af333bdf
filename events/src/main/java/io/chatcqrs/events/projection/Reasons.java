package io.chatcqrs.events.projection;

/**
 * The {@code reason} values of {@link SequencedEvent} (and of {@code rejected} user events). Kept
 * as strings, not an enum, so that a reader built against an older version of this jar still
 * decodes a reason added later.
 */
public final class Reasons {
  /** Rejected: the chat does not exist (no accepted ChatCreated before this event). */
  public static final String UNKNOWN_CHAT = "unknown_chat";

  /** Rejected: the actor is not a member (or, for a leave, the target is not one). */
  public static final String NOT_MEMBER = "not_member";

  /** Rejected: edit or delete of a message id the chat never accepted. */
  public static final String UNKNOWN_MESSAGE = "unknown_message";

  /** Rejected: edit or delete of someone else's message. */
  public static final String NOT_SENDER = "not_sender";

  /** Rejected: edit of a deleted message. */
  public static final String MESSAGE_DELETED = "message_deleted";

  /** Rejected: a join to a direct chat, or removing the other member of a direct chat. */
  public static final String DIRECT_CHAT = "direct_chat";

  /** Rejected: a join to a group that already has the maximum number of members. */
  public static final String CHAT_FULL = "chat_full";

  /**
   * Rejected: a ChatCreated whose members break the rules (creator missing, a direct chat without
   * exactly two distinct members, a group over the maximum).
   */
  public static final String INVALID_MEMBERS = "invalid_members";

  /** Rejected: a MessageSent whose message_id is not derived from (chat, sender, client_msg_id). */
  public static final String INVALID_MESSAGE_ID = "invalid_message_id";

  /** Duplicate: the message id was already accepted (a client retry). */
  public static final String DUPLICATE_MESSAGE = "duplicate_message";

  /** Duplicate: the chat already exists and every listed member is in it. */
  public static final String CHAT_EXISTS = "chat_exists";

  /** Duplicate: the user to add is already a member. */
  public static final String ALREADY_MEMBER = "already_member";

  /** Duplicate: the user to remove already left. */
  public static final String ALREADY_LEFT = "already_left";

  /** Duplicate: the message was already deleted. */
  public static final String ALREADY_DELETED = "already_deleted";

  /** Duplicate: the read marker is already at or past the (clamped) seq. */
  public static final String MARKER_NOT_ADVANCED = "marker_not_advanced";

  private Reasons() {}
}
