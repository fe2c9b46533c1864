package io.berth.events;

import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.validation.GoQuote;
import io.berth.api.validation.Identifiers;

/** containerd's topic rule: {@code /} followed by one or more identifiers joined by {@code /}. */
public final class Topics {

  private Topics() {}

  /**
   * Returns {@code topic} if valid.
   *
   * @throws InvalidArgumentException {@code envelope topic "<topic>": <why>}
   */
  public static String validate(String topic) {
    try {
      check(topic == null ? "" : topic);
    } catch (InvalidArgumentException e) {
      throw e.withPrefix("envelope topic " + GoQuote.quote(topic == null ? "" : topic));
    }
    return topic;
  }

  private static void check(String topic) {
    if (topic.isEmpty()) {
      throw new InvalidArgumentException("must not be empty");
    }
    if (topic.charAt(0) != '/') {
      throw new InvalidArgumentException("must start with '/'");
    }
    if (topic.length() == 1) {
      throw new InvalidArgumentException("must have at least one component");
    }
    for (String component : topic.substring(1).split("/", -1)) {
      try {
        Identifiers.validate(component);
      } catch (InvalidArgumentException e) {
        throw e.withPrefix("failed validation on component " + GoQuote.quote(component));
      }
    }
  }
}
