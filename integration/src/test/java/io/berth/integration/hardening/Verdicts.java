package io.berth.integration.hardening;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fuzz tests' rule for an answer to a client's mistake: a proper status code with a
 * message. Never UNKNOWN or INTERNAL (the server's own failures), never DEADLINE_EXCEEDED (a
 * hang), never UNAVAILABLE or CANCELLED (a dead or dying server). Violations are collected, one
 * per RPC, code and message shape, with the first input that caused each, and reported together.
 */
final class Verdicts {

  /** Codes that mean the server, not the client, went wrong. */
  static final Set<Status.Code> SERVER_FAULTS = EnumSet.of(Status.Code.UNKNOWN,
      Status.Code.INTERNAL, Status.Code.DEADLINE_EXCEEDED, Status.Code.UNAVAILABLE,
      Status.Code.CANCELLED, Status.Code.DATA_LOSS);

  /**
   * Answers that break the rule but are containerd 1.6's own, byte for byte, and that clients
   * rely on or could: kept for wire compatibility (CONTRACT.md), allowed here and nowhere else.
   */
  record ContainerdAnswer(String rpcContains, Status.Code code, String messageStart,
      String why) {
    boolean matches(String rpc, Status status) {
      return rpc.contains(rpcContains) && status.getCode() == code
          && status.getDescription() != null
          && status.getDescription().startsWith(messageStart);
    }
  }

  static final List<ContainerdAnswer> CONTAINERD_ANSWERS = List.of(
      new ContainerdAnswer("Events/Subscribe", Status.Code.UNKNOWN,
          "subscription error: failed parsing subscription filters: ",
          "containerd ends the stream with a plain error (CONTRACT.md 1.4); ctr prints it"),
      new ContainerdAnswer("Containers", Status.Code.UNKNOWN, "failed to write container ",
          "an empty label key: containerd's bolt store fails with a plain 'key required'"),
      new ContainerdAnswer("Leases/Create", Status.Code.UNKNOWN, "failed to set label \"\"=",
          "an empty lease label key: the same plain bolt 'key required', unwrapped"));

  private final Map<String, String> violations = new LinkedHashMap<>();
  private int calls;

  /** Judges one answer of {@code rpc} to {@code input}; a null status is an open stream (fine). */
  synchronized void judge(String rpc, String input, Status status) {
    calls++;
    if (status == null || status.isOk()) {
      return;
    }
    String description = status.getDescription();
    if (description == null || description.isBlank()) {
      note(rpc, status, "no message", input);
    } else if (SERVER_FAULTS.contains(status.getCode())
        && CONTAINERD_ANSWERS.stream().noneMatch(a -> a.matches(rpc, status))) {
      note(rpc, status, description, input);
    }
  }

  /** Records a violation of another rule (e.g. a wrong answer). */
  synchronized void fail(String rpc, String what, String input) {
    violations.putIfAbsent(rpc + ": " + what, input);
  }

  private void note(String rpc, Status status, String message, String input) {
    violations.putIfAbsent(rpc + " -> " + status.getCode() + " " + shape(message), input);
  }

  /** The message with digits and quoted parts folded, so one bug reports once. */
  private static String shape(String message) {
    String m = message.length() > 160 ? message.substring(0, 160) + "…" : message;
    return m.replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("\\d+", "N");
  }

  synchronized int calls() {
    return calls;
  }

  synchronized List<String> violations() {
    List<String> out = new ArrayList<>();
    violations.forEach((k, input) -> out.add(k + "\n      first input: " + input));
    return out;
  }
}
