package io.chatcqrs.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;

/**
 * The web client in headless Chromium against the whole system: two users in two browsers chat
 * live, the unread badge and read marker move, a cut connection resumes without losing or doubling
 * messages, and the rate limit is explained. Assertions read what the page shows.
 */
@ExtendWith({BrowserAvailable.class, ChatInfraExtension.class})
class ChatInBrowserIT {

  private static final Path SCREENSHOTS =
      Path.of(System.getProperty("web.screenshots.dir", "../docs/screenshots"));

  private static ChatStack stack;
  private static ChatStack.Web web;
  private final List<Browser> browsers = new ArrayList<>();

  @BeforeAll
  static void startSystem(ChatInfra infra) throws Exception {
    stack = ChatStack.start(infra);
    web = stack.web(0);
  }

  @AfterAll
  static void stopSystem() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @AfterEach
  void closeBrowsers() throws Exception {
    for (Browser browser : browsers) {
      browser.close();
    }
  }

  private Browser browser(String user) throws Exception {
    Browser browser = new Browser(user);
    browsers.add(browser);
    return browser;
  }

  private static String unique(String name) {
    return name + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
  }

  @Test
  void should_show_new_messages_live_with_unread_badge_and_read_marker() throws Exception {
    Browser a = browser(unique("alice"));
    Browser b = browser(unique("bob"));
    a.signIn(web.url());
    b.signIn(web.url());

    a.driver().findElement(By.id("new-chat")).click();
    a.until(d -> d.findElement(By.id("new-chat-members")).isDisplayed());
    a.driver().findElement(By.id("new-chat-members")).sendKeys(b.user, Keys.ENTER);
    a.until(
        d ->
            a.text("#chat-title").equals(b.user)
                && a.text("#history-status").contains("No messages"));
    a.send("Hello " + b.user + "!");
    a.until(d -> a.messages().contains("Hello " + b.user + "!"));

    // B's list updates without a reload: the chat on top, named after A, one unread.
    b.until(d -> !b.rooms().isEmpty() && "1".equals(b.rooms().get(0).get("badge")));
    Map<String, String> top = b.rooms().get(0);
    assertThat(top.get("title")).isEqualTo(a.user);
    assertThat(top.get("preview")).isEqualTo("Hello " + b.user + "!");
    assertThat(b.text("#total-unread")).isEqualTo("1");

    b.clickRoom(a.user);
    assertThat(b.messages()).containsExactly("Hello " + b.user + "!");
    b.until(d -> b.rooms().get(0).get("badge").isEmpty());
    assertThat(b.text("#total-unread")).isEmpty();

    // A sees the read marker move under the message B has now read.
    a.until(d -> a.readMarkers().equals(List.of("Seen by " + b.user + "@1")));
    a.screenshot(SCREENSHOTS.resolve("chat.png"));

    b.send("Hi " + a.user + ", got it.");
    a.until(d -> a.messages().contains("Hi " + a.user + ", got it."));
    b.until(d -> b.readMarkers().equals(List.of("Seen by " + a.user + "@2")));
  }

  @Test
  void should_resume_after_the_connection_is_cut_and_show_each_missed_message_once()
      throws Exception {
    ChatStack.Web own = stack.web(0);
    Browser b = browser(unique("bob"));
    String alice = unique("alice");
    ApiClient a = new ApiClient(web.url(), alice);
    String chatId = a.createDirect(b.user);
    a.sendMessage(chatId, "before the cut");

    b.signIn(own.url());
    b.clickRoom(alice);
    b.until(d -> b.messages().equals(List.of("before the cut")));

    stack.stop(own);
    b.until(d -> b.text("#connection").contains("reconnecting"));
    List<String> missed = List.of("missed one", "missed two", "missed three");
    for (String text : missed) {
      a.sendMessage(chatId, text);
    }
    ChatStack.Web restored = stack.web(own.port());
    try {
      // the page's reconnect back-off (jittered, doubling up to 30 s) may have grown during the cut
      try {
        b.until(
            d -> b.text("#connection").equals("Live") && b.messages().size() >= 4,
            Duration.ofSeconds(60));
      } catch (TimeoutException e) {
        throw new AssertionError("no resume with the missed messages; " + b.diagnostics(), e);
      }
      b.until(d -> b.messages().containsAll(missed));
      List<String> shown = b.messages();
      assertThat(shown)
          .containsExactly("before the cut", "missed one", "missed two", "missed three");
      for (String text : missed) {
        assertThat(Collections.frequency(shown, text)).as(text).isEqualTo(1);
      }
      assertThat(b.rooms().get(0).get("preview")).isEqualTo("missed three");
      assertThat(b.rooms().get(0).get("badge")).isEmpty();
    } finally {
      stack.stop(restored);
    }
  }

  @Test
  void should_renew_an_expired_token_and_keep_the_stream_live_without_gaps() throws Exception {
    ChatStack.Web shortLived =
        stack.web(0, new io.vertx.core.json.JsonObject().put("web.local-token-ttl-seconds", 6));
    try {
      Browser b = browser(unique("bob"));
      String alice = unique("alice");
      ApiClient a = new ApiClient(web.url(), alice);
      String chatId = a.createDirect(b.user);
      a.sendMessage(chatId, "before expiry");

      b.signIn(shortLived.url());
      java.time.Instant expires = java.time.Instant.now().plusSeconds(6);
      String firstToken = sessionToken(b);
      b.clickRoom(alice);
      b.until(d -> b.messages().equals(List.of("before expiry")));

      // The stream ends at the token's expiry (event: expired); the page renews the demo token,
      // takes a new ticket and resumes. Messages sent around that moment each show once.
      b.until(d -> java.time.Instant.now().isAfter(expires), Duration.ofSeconds(15));
      a.sendMessage(chatId, "after expiry one");
      a.sendMessage(chatId, "after expiry two");
      try {
        b.until(d -> b.messages().size() >= 3 && b.text("#connection").equals("Live"));
      } catch (TimeoutException e) {
        throw new AssertionError("no resume after the token expired; " + b.diagnostics(), e);
      }
      assertThat(b.messages())
          .containsExactly("before expiry", "after expiry one", "after expiry two");
      assertThat(b.text("#whoami")).contains(b.user);
      assertThat(sessionToken(b)).isNotEqualTo(firstToken);
      a.sendMessage(chatId, "live again");
      b.until(d -> b.messages().contains("live again"));
      assertThat(Collections.frequency(b.messages(), "after expiry two")).isEqualTo(1);
    } finally {
      stack.stop(shortLived);
    }
  }

  private static String sessionToken(Browser browser) {
    return (String) browser.js("return JSON.parse(sessionStorage.getItem('chat.session')).token;");
  }

  @Test
  void should_explain_the_rate_limit_and_still_send_every_message_once() throws Exception {
    Browser a = browser(unique("dave"));
    String erin = unique("erin");
    new ApiClient(web.url(), a.user).createDirect(erin);
    a.signIn(web.url());
    a.clickRoom(erin);

    int burst = 30;
    for (int i = 1; i <= burst; i++) {
      a.send("burst " + i);
    }
    a.until(d -> a.text("#notices").contains("rate limit"));
    assertThat(a.text("#notices")).contains("faster than the rate limit allows");
    a.until(d -> a.text("#messages").contains("Held back by the rate limit"));

    // The held-back messages go out by themselves, with their original ids: each shows once.
    a.until(d -> a.messages().size() == burst);
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= burst; i++) {
      expected.add("burst " + i);
    }
    assertThat(a.messages()).containsExactlyElementsOf(expected);
  }

  @Test
  void should_load_more_rooms_and_older_messages_while_scrolling() throws Exception {
    Browser me = browser(unique("frank"));
    for (int i = 1; i <= 24; i++) {
      ApiClient friend = new ApiClient(web.url(), unique("friend" + i));
      friend.sendMessage(friend.createDirect(me.user), "hi from friend " + i);
    }
    List<ApiClient> team = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      names.add(unique("teammate" + i));
      team.add(new ApiClient(web.url(), names.get(i - 1)));
    }
    List<String> members = new ArrayList<>(names.subList(1, 4));
    members.add(me.user);
    String group = team.get(0).createGroup("Launch plans", members);
    List<String> updates = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      updates.add("update " + i);
      team.get(i % 4).sendMessage(group, "update " + i);
    }

    me.signIn(web.url());
    me.until(d -> me.rooms().size() == 20);
    me.until(d -> me.rooms().get(0).get("title").equals("Launch plans"));
    assertThat(me.rooms().get(0).get("badge")).isEqualTo("60");
    me.until(d -> !me.rooms().get(1).get("title").equals("Direct chat"));
    me.screenshot(SCREENSHOTS.resolve("rooms.png"));

    me.js("const s = document.getElementById('room-scroll'); s.scrollTop = s.scrollHeight;");
    me.until(
        d ->
            me.rooms().size() == 25
                && me.rooms().stream().noneMatch(r -> r.get("title").equals("Direct chat")));
    assertThat(me.rooms().stream().map(r -> r.get("title")).distinct()).hasSize(25);
    assertThat(me.text("#total-unread")).isEqualTo("84");

    me.js("const s = document.getElementById('room-scroll'); s.scrollTop = 0;");
    me.clickRoom("Launch plans");
    assertThat(me.messages()).hasSize(50).endsWith("update 60");
    me.js("document.getElementById('message-scroll').scrollTop = 0;");
    me.until(d -> me.messages().size() == 60);
    assertThat(me.messages()).containsExactlyElementsOf(updates);
    assertThat(me.text("#history-status")).isEqualTo("This is the beginning of the chat.");
  }
}
