package io.chatcqrs.infra.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvisionMainTest {
  @Test
  void should_parse_network_topology_replication_per_datacenter() {
    var replication = ProvisionMain.replication("eu:3, us:2");
    assertThat(replication.strategy()).isEqualTo("NetworkTopologyStrategy");
    assertThat(replication.factors()).isEqualTo(Map.of("eu", 3, "us", 2));
  }

  @Test
  void should_parse_simple_replication() {
    var replication = ProvisionMain.replication("simple:1");
    assertThat(replication.strategy()).isEqualTo("SimpleStrategy");
    assertThat(replication.factors()).containsEntry("replication_factor", 1);
  }

  @Test
  void should_refuse_a_malformed_replication() {
    assertThatThrownBy(() -> ProvisionMain.replication("eu=3"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
