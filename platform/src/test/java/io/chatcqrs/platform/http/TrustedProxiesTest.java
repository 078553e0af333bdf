package io.chatcqrs.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.platform.config.ServiceConfig;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  private static final TrustedProxies BALANCERS =
      TrustedProxies.of(List.of("10.0.0.0/8", "127.0.0.1", "fd00::/8"));

  private static String client(TrustedProxies proxies, String peer, String... xff) {
    List<String> chain = proxies.forwardedChain(peer, List.of(xff), List.of());
    return chain.isEmpty() ? TrustedProxies.UNKNOWN : chain.get(0);
  }

  @Test
  void should_ignore_forwarded_headers_from_a_peer_that_is_not_trusted() {
    assertThat(client(TrustedProxies.none(), "203.0.113.9", "1.2.3.4")).isEqualTo("203.0.113.9");
    assertThat(client(BALANCERS, "203.0.113.9", "1.2.3.4")).isEqualTo("203.0.113.9");
    assertThat(BALANCERS.forwardedChain("203.0.113.9", List.of(), List.of("for=1.2.3.4")))
        .containsExactly("203.0.113.9");
  }

  @Test
  void should_take_the_right_most_address_that_is_not_a_trusted_proxy() {
    assertThat(client(BALANCERS, "127.0.0.1", "198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(client(BALANCERS, "127.0.0.1", "6.6.6.6, 198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(client(BALANCERS, "10.0.0.2", "6.6.6.6, 198.51.100.7, 10.1.2.3"))
        .isEqualTo("198.51.100.7");
    assertThat(client(BALANCERS, "10.0.0.2", "6.6.6.6", "198.51.100.7, 10.1.2.3"))
        .as("several header lines are one list")
        .isEqualTo("198.51.100.7");
  }

  @Test
  void should_take_the_left_most_hop_when_every_hop_is_trusted() {
    assertThat(client(BALANCERS, "10.0.0.2", "10.9.9.9, 127.0.0.1")).isEqualTo("10.9.9.9");
    assertThat(client(BALANCERS, "10.0.0.2")).isEqualTo("10.0.0.2");
  }

  @Test
  void should_stop_at_the_last_vouched_address_when_an_entry_is_not_an_ip() {
    assertThat(client(BALANCERS, "127.0.0.1", "evil.example")).isEqualTo("127.0.0.1");
    assertThat(client(BALANCERS, "127.0.0.1", "1.1.1.1, unknown, 10.0.0.5")).isEqualTo("10.0.0.5");
    assertThat(client(BALANCERS, "127.0.0.1", "999.1.1.1")).isEqualTo("127.0.0.1");
    assertThat(client(BALANCERS, "127.0.0.1", "")).isEqualTo("127.0.0.1");
  }

  @Test
  void should_read_ports_brackets_and_ipv6() {
    assertThat(client(BALANCERS, "127.0.0.1", "198.51.100.7:5123")).isEqualTo("198.51.100.7");
    assertThat(client(BALANCERS, "127.0.0.1", "[2001:db8::17]:4711"))
        .isEqualTo("2001:db8:0:0:0:0:0:17");
    assertThat(client(BALANCERS, "fd00::1", "2001:db8::17")).isEqualTo("2001:db8:0:0:0:0:0:17");
    assertThat(client(BALANCERS, "0:0:0:0:0:ffff:7f00:1", "198.51.100.7"))
        .as("an IPv4-mapped peer is its IPv4 address")
        .isEqualTo("198.51.100.7");
  }

  @Test
  void should_read_a_simple_forwarded_header_when_there_is_no_x_forwarded_for() {
    List<String> forwarded =
        List.of("for=6.6.6.6, for=198.51.100.7;proto=https;by=10.0.0.1, For=\"[fd00::3]:80\"");
    assertThat(BALANCERS.forwardedChain("127.0.0.1", List.of(), forwarded).get(0))
        .isEqualTo("198.51.100.7");
    assertThat(BALANCERS.forwardedChain("127.0.0.1", List.of(), List.of("for=_hidden")).get(0))
        .isEqualTo("127.0.0.1");
    assertThat(BALANCERS.forwardedChain("127.0.0.1", List.of("198.51.100.8"), forwarded).get(0))
        .as("X-Forwarded-For wins")
        .isEqualTo("198.51.100.8");
  }

  @Test
  void should_give_a_proxy_the_chain_to_pass_on() {
    assertThat(BALANCERS.forwardedChain("127.0.0.1", List.of("6.6.6.6, 198.51.100.7"), List.of()))
        .containsExactly("198.51.100.7", "127.0.0.1");
    assertThat(BALANCERS.forwardedChain("10.0.0.2", List.of("198.51.100.7, 10.1.1.1"), List.of()))
        .containsExactly("198.51.100.7", "10.1.1.1", "10.0.0.2");
    assertThat(BALANCERS.forwardedChain(null, List.of("1.2.3.4"), List.of())).isEmpty();
  }

  @Test
  void should_match_cidr_ranges_exactly() {
    TrustedProxies ranges = TrustedProxies.of(List.of("192.168.4.0/22", "::ffff:172.16.0.0/108"));
    assertThat(ranges.trusts("192.168.4.1")).isTrue();
    assertThat(ranges.trusts("192.168.7.255")).isTrue();
    assertThat(ranges.trusts("192.168.8.0")).isFalse();
    assertThat(ranges.trusts("192.168.3.255")).isFalse();
    assertThat(ranges.trusts("172.31.255.255")).isTrue();
    assertThat(ranges.trusts("172.32.0.0")).isFalse();
    assertThat(ranges.trusts("localhost")).as("names are never resolved").isFalse();
    assertThat(TrustedProxies.of(List.of("0.0.0.0/0")).trusts("8.8.8.8")).isTrue();
    assertThat(TrustedProxies.of(List.of("0.0.0.0/0")).trusts("::1")).isFalse();
  }

  @Test
  void should_read_the_setting_and_refuse_what_is_not_an_address() {
    ServiceConfig config =
        ServiceConfig.of(new JsonObject().put(TrustedProxies.KEY, " 10.0.0.0/8 , ::1 "));
    TrustedProxies proxies = TrustedProxies.fromConfig(config);
    assertThat(proxies.trusts("10.2.3.4")).isTrue();
    assertThat(proxies.trusts("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(TrustedProxies.fromConfig(ServiceConfig.of(new JsonObject())).isEmpty()).isTrue();
    for (String bad : List.of("proxy.internal", "10.0.0.0/33", "10.0.0.0/x", "1.2.3")) {
      assertThatThrownBy(() -> TrustedProxies.of(List.of(bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
  }
}
