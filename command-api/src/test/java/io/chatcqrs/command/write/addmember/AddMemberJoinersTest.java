package io.chatcqrs.command.write.addmember;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.http.ProblemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AddMemberJoinersTest {
  @Test
  void should_keep_the_listed_order_and_drop_repeated_ids() {
    JsonObject body = new JsonObject().put("user_ids", new JsonArray().add("b").add("a").add("b"));

    assertThat(AddMemberHandler.joiners(body, true))
        .containsExactly(UserId.of("b"), UserId.of("a"));
  }

  @Test
  void should_take_the_single_user_of_v1() {
    assertThat(AddMemberHandler.joiners(new JsonObject().put("user_id", "u"), false))
        .containsExactly(UserId.of("u"));
  }

  @Test
  void should_refuse_both_forms_an_empty_list_and_more_than_1000_ids() {
    JsonArray tooMany = new JsonArray();
    IntStream.range(0, 1001).forEach(i -> tooMany.add("u" + i));

    assertThatThrownBy(
            () ->
                AddMemberHandler.joiners(
                    new JsonObject().put("user_id", "u").put("user_ids", new JsonArray().add("v")),
                    true))
        .isInstanceOf(ProblemException.BadRequest.class);
    assertThatThrownBy(
            () -> AddMemberHandler.joiners(new JsonObject().put("user_ids", new JsonArray()), true))
        .isInstanceOf(ProblemException.BadRequest.class);
    assertThatThrownBy(
            () -> AddMemberHandler.joiners(new JsonObject().put("user_ids", tooMany), true))
        .isInstanceOf(ProblemException.BadRequest.class)
        .hasMessage("user_ids: at most 1000 user ids per request, got 1001 (nothing was appended)");
  }
}
