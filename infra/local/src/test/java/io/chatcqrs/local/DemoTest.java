package io.chatcqrs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
  @TempDir Path home;

  @Test
  void should_make_the_direct_id_secret_once_and_keep_it_across_runs() throws Exception {
    Path file = home.resolve(".local").resolve("direct-id-secret");

    String first = Demo.directIdSecret(file, null);
    String second = Demo.directIdSecret(file, null);

    assertThat(first).hasSizeGreaterThanOrEqualTo(32).isEqualTo(second);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Demo.directIdSecret(home.resolve("other"), null)).isNotEqualTo(first);
  }

  @Test
  void should_prefer_the_configured_secret() {
    String configured = "a-configured-secret-of-at-least-32-bytes";
    assertThat(Demo.directIdSecret(home.resolve("unused"), configured)).isEqualTo(configured);
    assertThat(Files.exists(home.resolve("unused"))).isFalse();
  }
}
