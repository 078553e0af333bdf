package io.chatcqrs.infra.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.crypto.DataKey;
import io.chatcqrs.events.crypto.Decryptor;
import io.chatcqrs.events.crypto.Encryptor;
import io.chatcqrs.events.crypto.KafkaKeyStore;
import io.chatcqrs.events.crypto.KeyDestroyedException;
import io.chatcqrs.events.crypto.KeyId;
import io.chatcqrs.events.crypto.KeyLookup;
import io.chatcqrs.events.crypto.KeyTopic;
import io.chatcqrs.events.crypto.MasterKeyRing;
import io.chatcqrs.events.crypto.Opened;
import io.chatcqrs.events.crypto.Sealed;
import io.chatcqrs.events.topics.TopicSpec;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key store on a real Kafka: shared between instances, destruction survives restarts. */
@ChatInfraTest
class KafkaKeyStoreIT {
  private static final Duration SYNC = Duration.ofSeconds(30);
  private static final ChatId CHAT = ChatId.of("c1");
  private static final Instant AT = Instant.parse("2026-11-25T09:30:00Z");

  private final ChatInfra infra;
  private String topic;
  private final String mk1 = "mk1:" + newMasterKey();
  private final MasterKeyRing masterKeys = MasterKeyRing.parse(mk1);

  KafkaKeyStoreIT(ChatInfra infra) {
    this.infra = infra;
  }

  @BeforeEach
  void createTopic() throws Exception {
    TopicSpec spec = KeyTopic.spec(infra.newTopicPrefix());
    topic = spec.name();
    try (Admin admin = Admin.create(kafka())) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs())))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void keys_are_shared_destroyed_everywhere_and_stay_destroyed_after_a_restart() {
    KeyId alice = KeyId.user(UserId.of("alice"));
    KeyId bob = KeyId.user(UserId.of("bob"));
    Sealed fromAlice;
    Sealed fromBob;
    List<DataKey> created = new ArrayList<>();
    try (KafkaKeyStore first = start(masterKeys);
        KafkaKeyStore second = start(masterKeys)) {
      Encryptor encryptor = new Encryptor(first, 1);
      fromAlice = encryptor.sealMessageText(CHAT, MessageId.of("m1"), alice.userId(), AT, "a1");
      fromBob = encryptor.sealMessageText(CHAT, MessageId.of("m2"), bob.userId(), AT, "b1");
      created.add(first.createIfAbsent(alice));
      created.add(first.createIfAbsent(bob));
      created.add(first.createIfAbsent(fromAlice.keyIds().get(1)));

      assertThat(second.get(alice)).isEqualTo(new KeyLookup.Live(created.get(0)));
      assertThat(second.createIfAbsent(bob)).isEqualTo(created.get(1));
      assertThat(new Decryptor(second).openMessageText(fromAlice, CHAT, MessageId.of("m1")))
          .isEqualTo(new Opened.Text("a1"));

      first.destroy(alice);

      assertThat(first.get(alice)).isInstanceOf(KeyLookup.Destroyed.class);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(second.get(alice)).isInstanceOf(KeyLookup.Destroyed.class));
      assertThat(second.destroyed()).containsExactly(alice);
      assertThatThrownBy(() -> second.createIfAbsent(alice))
          .isInstanceOf(KeyDestroyedException.class);
    }

    try (KafkaKeyStore restarted = start(masterKeys)) {
      Decryptor decryptor = new Decryptor(restarted);
      assertThat(restarted.get(alice)).isInstanceOf(KeyLookup.Destroyed.class);
      assertThat(restarted.destroyed()).containsExactly(alice);
      assertThat(restarted.live()).contains(bob).doesNotContain(alice);
      assertThat(decryptor.openMessageText(fromAlice, CHAT, MessageId.of("m1")))
          .isEqualTo(new Opened.Erased(alice));
      assertThat(decryptor.openMessageText(fromBob, CHAT, MessageId.of("m2")))
          .isEqualTo(new Opened.Text("b1"));
      assertThatThrownBy(() -> restarted.createIfAbsent(alice))
          .isInstanceOf(KeyDestroyedException.class);
    }

    List<ConsumerRecord<String, byte[]>> raw = readRaw();
    assertThat(raw).anySatisfy(r -> assertThat(r.key()).isEqualTo(alice.value()));
    assertThat(raw)
        .anySatisfy(
            r -> {
              assertThat(r.key()).startsWith(alice.value() + "/");
              assertThat(r.value()).isNull();
            });
    HexFormat hex = HexFormat.of();
    for (ConsumerRecord<String, byte[]> record : raw) {
      if (record.value() == null) {
        continue;
      }
      String value = new String(record.value(), StandardCharsets.ISO_8859_1);
      String valueHex = hex.formatHex(record.value());
      for (DataKey key : created) {
        byte[] material = key.material();
        assertThat(valueHex).doesNotContain(hex.formatHex(material));
        assertThat(value)
            .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(material))
            .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(material));
      }
    }
  }

  @Test
  void racing_instances_agree_on_one_key_and_a_rotated_master_key_takes_over() {
    KeyId carol = KeyId.user(UserId.of("carol"));
    String mk2 = "mk2:" + newMasterKey();
    DataKey agreed;
    try (KafkaKeyStore first = start(masterKeys);
        KafkaKeyStore second = start(masterKeys)) {
      var a = CompletableFuture.supplyAsync(() -> first.createIfAbsent(carol));
      var b = CompletableFuture.supplyAsync(() -> second.createIfAbsent(carol));
      agreed = a.join();
      assertThat(b.join()).isEqualTo(agreed);
    }

    try (KafkaKeyStore rotating = start(MasterKeyRing.parse(mk2 + "," + mk1))) {
      assertThat(rotating.rewrapAll()).isEqualTo(1);
      assertThat(rotating.get(carol)).isEqualTo(new KeyLookup.Live(agreed));
    }
    try (KafkaKeyStore onlyNew = start(MasterKeyRing.parse(mk2))) {
      assertThat(onlyNew.get(carol)).isEqualTo(new KeyLookup.Live(agreed));
    }
  }

  private KafkaKeyStore start(MasterKeyRing ring) {
    return KafkaKeyStore.start(kafka(), topic, ring, SYNC);
  }

  private Map<String, Object> kafka() {
    return Map.of("bootstrap.servers", infra.bootstrapServers());
  }

  private List<ConsumerRecord<String, byte[]>> readRaw() {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            infra.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "it-raw-" + System.nanoTime(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                Optional<Long> end =
                    consumer.endOffsets(consumer.assignment()).values().stream().findFirst();
                return !consumer.assignment().isEmpty()
                    && end.isPresent()
                    && consumer.position(consumer.assignment().iterator().next()) >= end.get();
              });
    }
    return records;
  }

  private static String newMasterKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
