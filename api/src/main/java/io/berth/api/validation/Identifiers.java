package io.berth.api.validation;

import io.berth.api.errors.InvalidArgumentException;

/**
 * containerd's identifier rule, for namespaces, containers, leases, tasks and event topic parts:
 * alphanumeric runs joined by single '.', '_' or '-', 1 to 76 characters. An identifier can never
 * name a path outside its directory: no '/', no "..", no leading dot.
 */
public final class Identifiers {

  public static final int MAX_LENGTH = 76;
  public static final String PATTERN = "^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$";

  private Identifiers() {}

  /** Throws InvalidArgument with containerd's text when {@code s} is not an identifier. */
  public static void validate(String s) {
    if (s == null || s.isEmpty()) {
      throw new InvalidArgumentException("identifier must not be empty");
    }
    if (s.length() > MAX_LENGTH) {
      throw new InvalidArgumentException(
          "identifier " + GoQuote.quote(s) + " greater than maximum length (" + MAX_LENGTH
              + " characters)");
    }
    if (!matches(s)) {
      throw new InvalidArgumentException(
          "identifier " + GoQuote.quote(s) + " must match " + PATTERN);
    }
  }

  public static boolean isValid(String s) {
    return s != null && !s.isEmpty() && s.length() <= MAX_LENGTH && matches(s);
  }

  /**
   * Whether {@code s} matches {@link #PATTERN}: alphanumeric runs joined by single separators.
   * A scan rather than the regex, which every namespaced call checks at least once.
   */
  static boolean matches(String s) {
    boolean afterRun = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        afterRun = true;
      } else if ((c == '.' || c == '_' || c == '-') && afterRun) {
        afterRun = false;
      } else {
        return false;
      }
    }
    return afterRun;
  }
}
