package io.chatcqrs.projection.perchat;

import io.chatcqrs.events.UserId;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Read access to one chat's members, as {@link ChatRules} needs it: a lookup by user id (every
 * event) and a walk over all members in user id order (only for the fan-out on write of a small
 * chat and for the one-time switch to fan-out on read). The per-chat stage backs it with its {@code
 * chat-members} store; tests with a map.
 */
public interface ChatMembers {
  /** The member's state, or null when {@code user} is not a member. */
  Member get(UserId user);

  /** Calls {@code action} for every member, in user id order. */
  void forEach(BiConsumer<UserId, Member> action);

  /** The members of a map keyed by user id (a sorted copy). */
  static ChatMembers of(Map<String, Member> members) {
    SortedMap<String, Member> sorted = new TreeMap<>(members);
    return new ChatMembers() {
      @Override
      public Member get(UserId user) {
        return sorted.get(user.value());
      }

      @Override
      public void forEach(BiConsumer<UserId, Member> action) {
        sorted.forEach((u, m) -> action.accept(UserId.of(u), m));
      }
    };
  }

  /** No members (a chat not created yet). */
  static ChatMembers none() {
    return of(Map.of());
  }
}
