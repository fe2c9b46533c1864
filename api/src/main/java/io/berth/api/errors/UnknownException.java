package io.berth.api.errors;

/** A plain error with no class: it travels as UNKNOWN, the message unchanged. */
public final class UnknownException extends BerthException {

  public UnknownException(String detail) {
    super(detail, null);
  }

  public UnknownException(String detail, Throwable cause) {
    super(detail, cause);
  }

  @Override
  public String classText() {
    return "";
  }

  @Override
  public UnknownException withPrefix(String prefix) {
    return new UnknownException(prefixed(prefix, detail()), getCause());
  }
}
