package io.berth.ctr;

/**
 * The daemon could not be reached within the connect timeout. The message follows ctr's: {@code
 * failed to dial "<address>": context deadline exceeded: connection error: desc = "..."}.
 */
public final class DialException extends RuntimeException {
  public DialException(String message) {
    super(message);
  }
}
