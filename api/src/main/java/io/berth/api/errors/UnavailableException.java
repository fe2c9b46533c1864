package io.berth.api.errors;

/** containerd's class "unavailable". */
public final class UnavailableException extends BerthException {

  public UnavailableException(String detail) {
    super(detail, null);
  }

  public UnavailableException(String detail, Throwable cause) {
    super(detail, cause);
  }

  @Override
  public String classText() {
    return "unavailable";
  }

  @Override
  public UnavailableException withPrefix(String prefix) {
    return new UnavailableException(prefixed(prefix, detail()), getCause());
  }
}
