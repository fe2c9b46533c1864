package io.berth.api.errors;

/** containerd's class "context canceled". */
public final class CanceledException extends BerthException {

  public CanceledException(String detail) {
    super(detail, null);
  }

  public CanceledException(String detail, Throwable cause) {
    super(detail, cause);
  }

  @Override
  public String classText() {
    return "context canceled";
  }

  @Override
  public CanceledException withPrefix(String prefix) {
    return new CanceledException(prefixed(prefix, detail()), getCause());
  }
}
