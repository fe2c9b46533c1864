package io.berth.metadata.snapshots;

import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.CanceledException;
import io.berth.api.errors.DeadlineExceededException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.NotImplementedException;
import io.berth.api.errors.UnavailableException;
import io.berth.api.errors.UnknownException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rewrites a backend snapshotter's error for the namespace that called: every backend key in the
 * text becomes the caller's key, so no {@code <ns>/<seq>/} prefix reaches a client. The class
 * (and so the gRPC code) is kept; anything that is not a {@link BerthException} becomes Unknown.
 */
final class BackendErrors {

  private BackendErrors() {}

  /** A translation from backend keys to the keys the caller knows. */
  static Map<String, String> keys(String... backendThenUser) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < backendThenUser.length; i += 2) {
      if (!backendThenUser[i].isEmpty()) {
        m.put(backendThenUser[i], backendThenUser[i + 1]);
      }
    }
    return m;
  }

  static BerthException translate(RuntimeException error, Map<String, String> keys) {
    if (!(error instanceof BerthException e)) {
      return new UnknownException(replace(String.valueOf(error.getMessage()), keys), error);
    }
    String detail = replace(e.detail(), keys);
    if (detail.equals(e.detail())) {
      return e;
    }
    return switch (e) {
      case NotFoundException x -> new NotFoundException(detail, e);
      case AlreadyExistsException x -> new AlreadyExistsException(detail, e);
      case InvalidArgumentException x -> new InvalidArgumentException(detail, e);
      case FailedPreconditionException x -> new FailedPreconditionException(detail, e);
      case UnavailableException x -> new UnavailableException(detail, e);
      case NotImplementedException x -> new NotImplementedException(detail, e);
      case CanceledException x -> new CanceledException(detail, e);
      case DeadlineExceededException x -> new DeadlineExceededException(detail, e);
      case UnknownException x -> new UnknownException(detail, e);
    };
  }

  /** Longer keys first, so that a key that extends another is replaced whole. */
  private static String replace(String text, Map<String, String> keys) {
    String out = text;
    var ordered = keys.entrySet().stream()
        .sorted(Comparator.comparingInt((Map.Entry<String, String> en) -> en.getKey().length())
            .reversed())
        .toList();
    for (Map.Entry<String, String> en : ordered) {
      out = out.replace(en.getKey(), en.getValue());
    }
    return out;
  }
}
