package io.berth.ctr.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Linux capability names by number, as containerd 1.6's {@code pkg/cap} knows them, and the
 * effective set of the running process ({@code cap.Current}), which {@code --privileged} grants.
 */
public final class Capabilities {

  /** Capability names indexed by their number (0 to 40). */
  public static final List<String> KNOWN =
      List.of(
          "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
          "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
          "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
          "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
          "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
          "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
          "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
          "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

  private Capabilities() {}

  /** The names of the known capabilities whose bits are set in {@code bitmap}, by number. */
  public static List<String> fromBitmap(long bitmap) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < KNOWN.size(); i++) {
      if ((bitmap & (1L << i)) != 0) {
        names.add(KNOWN.get(i));
      }
    }
    return names;
  }

  /**
   * The effective capabilities of this process, from the {@code CapEff} line of {@code
   * /proc/self/status}.
   */
  public static List<String> current() throws IOException {
    return fromBitmap(effective(Files.readString(Path.of("/proc/self/status"))));
  }

  /** The {@code CapEff} bitmap of a {@code /proc/<pid>/status} text. */
  static long effective(String status) throws IOException {
    for (String line : status.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals("CapEff")) {
        try {
          return Long.parseUnsignedLong(line.substring(colon + 1).strip(), 16);
        } catch (NumberFormatException e) {
          throw new IOException("failed to parse line " + io.berth.api.validation.GoQuote.quote(line), e);
        }
      }
    }
    return 0;
  }
}
