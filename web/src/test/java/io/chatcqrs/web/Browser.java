package io.chatcqrs.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One user's headless Debian Chromium, driven through {@code /usr/bin/chromedriver}, with its own
 * fresh profile: two instances are two independent browser contexts. Reads what the user sees from
 * the DOM in one script call, so that live re-rendering cannot make an element go stale between
 * finding and reading it. Nothing is ever downloaded: with both binaries given explicitly, Selenium
 * never calls Selenium Manager.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(20);

  private final ChromeDriver driver;
  private final Path profile;
  final String user;

  Browser(String user) throws IOException {
    this.user = user;
    this.profile = Files.createTempDirectory("web-it-chromium-");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withSilent(true)
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    this.driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1200, 800));
  }

  static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  void open(String url) {
    driver.get(url);
  }

  /** Signs in through the local-mode form and waits until the live stream is connected. */
  void signIn(String url) {
    open(url);
    WebElement input = until(d -> visible(d, By.id("signin-user")));
    input.sendKeys(user, Keys.ENTER);
    until(d -> text("#whoami").contains(user) && text("#connection").equals("Live"));
  }

  <T> T until(Function<WebDriver, T> condition) {
    return until(condition, WAIT);
  }

  <T> T until(Function<WebDriver, T> condition, Duration wait) {
    return new WebDriverWait(driver, wait)
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  private static WebElement visible(WebDriver d, By by) {
    List<WebElement> found = d.findElements(by);
    return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
  }

  /** The rendered text of the first element matching the selector; "" if none or not shown. */
  String text(String selector) {
    Object text =
        js(
            "const n = document.querySelector(arguments[0]);"
                + " return n && n.checkVisibility() ? n.innerText : '';",
            selector);
    return text == null ? "" : text.toString().trim();
  }

  /** The room list as shown: title, preview and unread badge of each row, top first. */
  @SuppressWarnings("unchecked")
  List<Map<String, String>> rooms() {
    return (List<Map<String, String>>)
        js(
            "return [...document.querySelectorAll('#room-list .room')].map(r => ({"
                + " title: r.querySelector('.room-title').innerText,"
                + " preview: r.querySelector('.room-preview').innerText,"
                + " badge: r.querySelector('.room-unread')?.innerText ?? '' }));");
  }

  /** The text of every confirmed message in the open chat, oldest first. */
  @SuppressWarnings("unchecked")
  List<String> messages() {
    return (List<String>)
        js(
            "return [...document.querySelectorAll('#messages li.msg:not(.pending) .msg-text')]"
                + ".map(n => n.innerText);");
  }

  /** The read markers in the open chat, as "Seen by x@seq" (the seq of the message above). */
  @SuppressWarnings("unchecked")
  List<String> readMarkers() {
    return (List<String>)
        js(
            "return [...document.querySelectorAll('#messages .read-marker')]"
                + ".map(n => n.innerText + '@' + n.dataset.seq);");
  }

  void clickRoom(String title) {
    until(
        d -> {
          for (WebElement room : d.findElements(By.cssSelector("#room-list .room"))) {
            if (room.findElement(By.className("room-title")).getText().equals(title)) {
              room.click();
              return true;
            }
          }
          return false;
        });
    until(d -> text("#chat-title").equals(title) && !text("#history-status").contains("Loading"));
  }

  /** Types into the composer and presses Enter, as a user sends. */
  void send(String text) {
    driver.findElement(By.id("composer")).sendKeys(text, Keys.ENTER);
  }

  /** What the page shows and logged, for an assertion message when a wait fails. */
  String diagnostics() {
    String console =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .map(LogEntry::toString)
            .collect(Collectors.joining("\n  "));
    return "connection: '%s', messages: %s, rooms: %s, notices: '%s', console:\n  %s"
        .formatted(text("#connection"), messages(), rooms(), text("#notices"), console);
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  WebDriver driver() {
    return driver;
  }

  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  void screenshot(Path target) throws IOException {
    Files.createDirectories(target.getParent());
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
