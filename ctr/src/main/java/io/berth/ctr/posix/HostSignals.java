package io.berth.ctr.posix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Catches the process's signals and hands their numbers to a consumer, as ctr's {@code
 * signal.Notify} does for the signals it forwards to a task. Only the signals the JVM lets a
 * program handle are caught (it keeps e.g. SIGQUIT and SIGUSR2 for itself); closing restores the
 * previous handlers.
 */
public final class HostSignals implements AutoCloseable {

  /**
   * Signals a ctr-like client forwards to its task: ctr takes every signal but SIGURG; Berth also
   * leaves SIGCHLD and SIGPIPE alone (a closed standard output must not kill the task).
   */
  public static final List<String> FORWARDED =
      List.of(
          "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "USR1", "SEGV", "USR2",
          "ALRM", "TERM", "STKFLT", "CONT", "TSTP", "TTIN", "TTOU", "XCPU", "XFSZ", "VTALRM", "PROF",
          "WINCH", "IO", "PWR", "SYS");

  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

  private HostSignals() {}

  /**
   * Starts catching each of {@code names} the JVM allows, passing the signal number to {@code
   * handler} (on a JVM signal thread: the handler must return quickly).
   */
  public static HostSignals catching(List<String> names, IntConsumer handler) {
    HostSignals s = new HostSignals();
    for (String name : names) {
      Signal signal;
      try {
        signal = new Signal(name);
      } catch (IllegalArgumentException unknown) {
        continue;
      }
      try {
        SignalHandler old = Signal.handle(signal, sig -> handler.accept(sig.getNumber()));
        s.previous.put(signal, old);
      } catch (IllegalArgumentException reservedByTheJvm) {
        // e.g. SIGQUIT (thread dumps), SIGSEGV, SIGUSR2: not ours to take
      }
    }
    return s;
  }

  /** The signal names actually caught. */
  public List<String> caught() {
    List<String> names = new ArrayList<>();
    previous.keySet().forEach(s -> names.add(s.getName()));
    return names;
  }

  @Override
  public synchronized void close() {
    previous.forEach(
        (signal, old) -> {
          try {
            Signal.handle(signal, old);
          } catch (IllegalArgumentException ignored) {
            // cannot happen for a signal we handled before
          }
        });
    previous.clear();
  }
}
