package io.berth.ctr.tasks;

import io.berth.api.errors.UnknownException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Linux signal numbers, parsed as moby's {@code signal.ParseSignal} and named as Go prints them. */
public final class Signals {

  public static final int SIGINT = 2;
  public static final int SIGKILL = 9;
  public static final int SIGTERM = 15;
  public static final int SIGWINCH = 28;

  private static final int SIGRTMIN = 34;
  private static final int SIGRTMAX = 64;

  private static final Map<String, Integer> NUMBERS = new HashMap<>();

  // Go's syscall signal descriptions, indexed by number
  private static final String[] DESCRIPTIONS = {
    null, "hangup", "interrupt", "quit", "illegal instruction", "trace/breakpoint trap", "aborted",
    "bus error", "floating point exception", "killed", "user defined signal 1", "segmentation fault",
    "user defined signal 2", "broken pipe", "alarm clock", "terminated", "stack fault", "child exited",
    "continued", "stopped (signal)", "stopped", "stopped (tty input)", "stopped (tty output)",
    "urgent I/O condition", "CPU time limit exceeded", "file size limit exceeded",
    "virtual timer expired", "profiling timer expired", "window changed", "I/O possible",
    "power failure", "bad system call"
  };

  static {
    String[] names = {
      null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
      "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
      "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"
    };
    for (int i = 1; i < names.length; i++) {
      NUMBERS.put(names[i], i);
    }
    NUMBERS.put("CLD", 17);
    NUMBERS.put("IOT", 6);
    NUMBERS.put("POLL", 29);
    NUMBERS.put("RTMIN", SIGRTMIN);
    NUMBERS.put("RTMAX", SIGRTMAX);
    for (int i = 1; i <= 15; i++) {
      NUMBERS.put("RTMIN+" + i, SIGRTMIN + i);
    }
    for (int i = 1; i <= 14; i++) {
      NUMBERS.put("RTMAX-" + i, SIGRTMAX - i);
    }
  }

  private Signals() {}

  /**
   * A signal from a number ({@code 9}; not 0) or a name with or without {@code SIG}, in any case
   * ({@code KILL}, {@code sigterm}, {@code RTMIN+3}).
   *
   * @throws UnknownException {@code invalid signal: <text>}
   */
  public static int parse(String text) {
    if (text.matches("[+-]?[0-9]+")) {
      long n;
      try {
        n = Long.parseLong(text);
      } catch (NumberFormatException tooLong) {
        throw invalid(text);
      }
      if (n == 0) {
        throw invalid(text);
      }
      return (int) n; // Go converts to a 32-bit signal number the same way
    }
    String upper = text.toUpperCase(Locale.ROOT);
    Integer n = NUMBERS.get(upper.startsWith("SIG") ? upper.substring(3) : upper);
    if (n == null) {
      throw invalid(text);
    }
    return n;
  }

  /** Go's text for a signal, e.g. {@code terminated}; {@code signal N} for others. */
  public static String describe(int signal) {
    if (signal > 0 && signal < DESCRIPTIONS.length) {
      return DESCRIPTIONS[signal];
    }
    return "signal " + signal;
  }

  private static UnknownException invalid(String text) {
    return new UnknownException("invalid signal: " + text);
  }
}
