package io.berth.api.errors;

/** containerd's class "already exists". */
public final class AlreadyExistsException extends BerthException {

  public AlreadyExistsException(String detail) {
    super(detail, null);
  }

  public AlreadyExistsException(String detail, Throwable cause) {
    super(detail, cause);
  }

  @Override
  public String classText() {
    return "already exists";
  }

  @Override
  public AlreadyExistsException withPrefix(String prefix) {
    return new AlreadyExistsException(prefixed(prefix, detail()), getCause());
  }
}
