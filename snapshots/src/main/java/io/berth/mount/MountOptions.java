package io.berth.mount;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * mount(8)-style options split the way the kernel wants them: flag words become {@code MS_*} bits,
 * propagation words ({@code private}, {@code rshared}, ...) a separate change, and everything else
 * (e.g. {@code lowerdir=...}, {@code size=64m}) the comma-joined data string.
 *
 * @param flags the {@code MS_*} bits for the mount call itself
 * @param propagation the {@code MS_PRIVATE}/{@code MS_SHARED}/... bits (with {@code MS_REC} for
 *     the {@code r} forms), applied by a second call; 0 for none
 * @param data the filesystem-specific options, comma-joined; empty for none
 */
public record MountOptions(long flags, long propagation, String data) {

  public static final long MS_RDONLY = 1;
  public static final long MS_NOSUID = 2;
  public static final long MS_NODEV = 4;
  public static final long MS_NOEXEC = 8;
  public static final long MS_SYNCHRONOUS = 16;
  public static final long MS_REMOUNT = 32;
  public static final long MS_MANDLOCK = 64;
  public static final long MS_DIRSYNC = 128;
  public static final long MS_NOSYMFOLLOW = 256;
  public static final long MS_NOATIME = 1024;
  public static final long MS_NODIRATIME = 2048;
  public static final long MS_BIND = 4096;
  public static final long MS_MOVE = 8192;
  public static final long MS_REC = 16384;
  public static final long MS_SILENT = 32768;
  public static final long MS_UNBINDABLE = 1L << 17;
  public static final long MS_PRIVATE = 1L << 18;
  public static final long MS_SLAVE = 1L << 19;
  public static final long MS_SHARED = 1L << 20;
  public static final long MS_RELATIME = 1L << 21;
  public static final long MS_I_VERSION = 1L << 23;
  public static final long MS_STRICTATIME = 1L << 24;
  public static final long MS_LAZYTIME = 1L << 25;

  /** A flag word: sets {@code bits}, or clears them when {@code clear}. */
  private record FlagWord(boolean clear, long bits) {}

  private static final Map<String, FlagWord> FLAGS = Map.ofEntries(
      Map.entry("async", new FlagWord(true, MS_SYNCHRONOUS)),
      Map.entry("atime", new FlagWord(true, MS_NOATIME)),
      Map.entry("bind", new FlagWord(false, MS_BIND)),
      Map.entry("defaults", new FlagWord(false, 0)),
      Map.entry("dev", new FlagWord(true, MS_NODEV)),
      Map.entry("diratime", new FlagWord(true, MS_NODIRATIME)),
      Map.entry("dirsync", new FlagWord(false, MS_DIRSYNC)),
      Map.entry("exec", new FlagWord(true, MS_NOEXEC)),
      Map.entry("iversion", new FlagWord(false, MS_I_VERSION)),
      Map.entry("lazytime", new FlagWord(false, MS_LAZYTIME)),
      Map.entry("loud", new FlagWord(true, MS_SILENT)),
      Map.entry("mand", new FlagWord(false, MS_MANDLOCK)),
      Map.entry("noatime", new FlagWord(false, MS_NOATIME)),
      Map.entry("nodev", new FlagWord(false, MS_NODEV)),
      Map.entry("nodiratime", new FlagWord(false, MS_NODIRATIME)),
      Map.entry("noexec", new FlagWord(false, MS_NOEXEC)),
      Map.entry("noiversion", new FlagWord(true, MS_I_VERSION)),
      Map.entry("nolazytime", new FlagWord(true, MS_LAZYTIME)),
      Map.entry("nomand", new FlagWord(true, MS_MANDLOCK)),
      Map.entry("norelatime", new FlagWord(true, MS_RELATIME)),
      Map.entry("nostrictatime", new FlagWord(true, MS_STRICTATIME)),
      Map.entry("nosuid", new FlagWord(false, MS_NOSUID)),
      Map.entry("nosymfollow", new FlagWord(false, MS_NOSYMFOLLOW)),
      Map.entry("rbind", new FlagWord(false, MS_BIND | MS_REC)),
      Map.entry("relatime", new FlagWord(false, MS_RELATIME)),
      Map.entry("remount", new FlagWord(false, MS_REMOUNT)),
      Map.entry("ro", new FlagWord(false, MS_RDONLY)),
      Map.entry("rw", new FlagWord(true, MS_RDONLY)),
      Map.entry("silent", new FlagWord(false, MS_SILENT)),
      Map.entry("strictatime", new FlagWord(false, MS_STRICTATIME)),
      Map.entry("suid", new FlagWord(true, MS_NOSUID)),
      Map.entry("symfollow", new FlagWord(true, MS_NOSYMFOLLOW)),
      Map.entry("sync", new FlagWord(false, MS_SYNCHRONOUS)));

  private static final Map<String, Long> PROPAGATION = Map.of(
      "private", MS_PRIVATE,
      "rprivate", MS_PRIVATE | MS_REC,
      "shared", MS_SHARED,
      "rshared", MS_SHARED | MS_REC,
      "slave", MS_SLAVE,
      "rslave", MS_SLAVE | MS_REC,
      "unbindable", MS_UNBINDABLE,
      "runbindable", MS_UNBINDABLE | MS_REC);

  public MountOptions {
    data = data == null ? "" : data;
  }

  /** Splits {@code options} as mount(8) does; later words win over earlier ones. */
  public static MountOptions parse(List<String> options) {
    long flags = 0;
    long propagation = 0;
    List<String> data = new ArrayList<>();
    for (String option : options) {
      FlagWord word = FLAGS.get(option);
      Long change = PROPAGATION.get(option);
      if (word != null) {
        flags = word.clear() ? flags & ~word.bits() : flags | word.bits();
      } else if (change != null) {
        propagation = change;
      } else if (!option.isEmpty()) {
        data.add(option);
      }
    }
    return new MountOptions(flags, propagation, String.join(",", data));
  }

  public boolean has(long bits) {
    return (flags & bits) == bits;
  }
}
