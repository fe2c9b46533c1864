package io.berth.api.validation;

import io.berth.api.errors.InvalidArgumentException;
import java.util.regex.Pattern;

/**
 * containerd's identifier rule, for namespaces, containers, leases, tasks and event topic parts:
 * alphanumeric runs joined by single '.', '_' or '-', 1 to 76 characters. An identifier can never
 * name a path outside its directory: no '/', no "..", no leading dot.
 */
public final class Identifiers {

  public static final int MAX_LENGTH = 76;
  public static final String PATTERN = "^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$";
  private static final Pattern REGEX = Pattern.compile("[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*");

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
    if (!REGEX.matcher(s).matches()) {
      throw new InvalidArgumentException(
          "identifier " + GoQuote.quote(s) + " must match " + PATTERN);
    }
  }

  public static boolean isValid(String s) {
    return s != null && !s.isEmpty() && s.length() <= MAX_LENGTH && REGEX.matcher(s).matches();
  }
}
