package io.chatcqrs.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UndecodableRequestsTest {
  @Test
  void should_accept_well_formed_escapes_and_plain_uris() {
    assertThat(UndecodableRequests.decodable("/v1/me/rooms?cursor=abc%2Fdef&limit=2")).isTrue();
    assertThat(UndecodableRequests.decodable("/v1/chats/c1/messages")).isTrue();
    assertThat(UndecodableRequests.decodable("/v1/chats/%C3%A9")).isTrue();
  }

  @Test
  void should_refuse_malformed_escapes() {
    assertThat(UndecodableRequests.decodable("/v1/chats/%")).isFalse();
    assertThat(UndecodableRequests.decodable("/v1/chats/%zz")).isFalse();
    assertThat(UndecodableRequests.decodable("/v1/me/rooms?cursor=a%2")).isFalse();
  }
}
