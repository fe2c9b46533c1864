package io.berth.api.errors;

/** containerd's class "not found". */
public final class NotFoundException extends BerthException {

  public NotFoundException(String detail) {
    super(detail, null);
  }

  public NotFoundException(String detail, Throwable cause) {
    super(detail, cause);
  }

  @Override
  public String classText() {
    return "not found";
  }

  @Override
  public NotFoundException withPrefix(String prefix) {
    return new NotFoundException(prefixed(prefix, detail()), getCause());
  }
}
