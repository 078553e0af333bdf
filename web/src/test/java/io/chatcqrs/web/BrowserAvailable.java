package io.chatcqrs.web;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips browser tests, before any Kafka or Cassandra is started for them, when Debian's Chromium or
 * ChromeDriver is not installed.
 */
final class BrowserAvailable implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return Browser.available()
        ? ConditionEvaluationResult.enabled("Chromium and ChromeDriver are installed")
        : ConditionEvaluationResult.disabled(
            "browser tests skipped: "
                + Browser.CHROMIUM
                + " or "
                + Browser.CHROMEDRIVER
                + " is missing (apt-get install -y chromium chromium-driver)");
  }
}
