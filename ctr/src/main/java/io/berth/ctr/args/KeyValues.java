package io.berth.ctr.args;

import io.berth.api.errors.UnknownException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ctr's parsing of {@code key=value} arguments. Later duplicates win; order is kept. */
public final class KeyValues {

  private KeyValues() {}

  /**
   * ctr's {@code LabelArgs}: {@code k=v} sets v, a bare {@code k} means {@code true}, {@code k=}
   * means the empty value (which clears a label in an update).
   */
  public static Map<String, String> labels(List<String> args) {
    return parse(args, "true");
  }

  /** {@code ctr leases create}'s labels: like {@link #labels} but a bare {@code k} means "". */
  public static Map<String, String> leaseLabels(List<String> args) {
    return parse(args, "");
  }

  /**
   * ctr's {@code AnnotationArgs}: every argument must be {@code k=v}.
   *
   * @throws UnknownException naming the first argument without '=' (ctr's message and exit)
   */
  public static Map<String, String> annotations(List<String> args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new UnknownException("invalid key=value format annotation: " + arg);
      }
      out.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return out;
  }

  private static Map<String, String> parse(List<String> args, String bare) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        out.put(arg, bare);
      } else {
        out.put(arg.substring(0, eq), arg.substring(eq + 1));
      }
    }
    return out;
  }
}
