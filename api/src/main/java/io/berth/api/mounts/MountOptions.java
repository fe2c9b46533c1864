package io.berth.api.mounts;

import static io.berth.api.mounts.MountFlags.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The options of a mount (a containerd {@code Mount}'s or an OCI spec's), split the way mount(8)
 * hands them to the kernel: flag words ({@code ro}, {@code nosuid}, {@code rbind}, ...) become
 * {@code MS_*} bits, propagation words ({@code private}, {@code rslave}, ...) separate changes
 * made by later calls, and every other word ({@code lowerdir=...}, {@code mode=755}) the
 * comma-joined filesystem data.
 *
 * @param flags the {@code MS_*} bits of the mount call itself
 * @param propagation the propagation changes in the order given, each {@code MS_PRIVATE},
 *     {@code MS_SHARED}, ... with {@code MS_REC} for the {@code r} forms
 * @param data the filesystem data, comma-joined; empty for none
 */
public record MountOptions(long flags, List<Long> propagation, String data) {

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

  private static final Map<String, Long> PROPAGATION_WORDS = Map.of(
      "private", MS_PRIVATE,
      "rprivate", MS_PRIVATE | MS_REC,
      "shared", MS_SHARED,
      "rshared", MS_SHARED | MS_REC,
      "slave", MS_SLAVE,
      "rslave", MS_SLAVE | MS_REC,
      "unbindable", MS_UNBINDABLE,
      "runbindable", MS_UNBINDABLE | MS_REC);

  public MountOptions {
    propagation = List.copyOf(propagation);
    data = data == null ? "" : data;
  }

  /** Splits {@code options} as mount(8) does; a later flag word wins over an earlier one. */
  public static MountOptions parse(List<String> options) {
    long flags = 0;
    List<Long> propagation = new ArrayList<>();
    List<String> data = new ArrayList<>();
    for (String option : options) {
      FlagWord word = FLAGS.get(option);
      Long change = PROPAGATION_WORDS.get(option);
      if (word != null) {
        flags = word.clear() ? flags & ~word.bits() : flags | word.bits();
      } else if (change != null) {
        propagation.add(change);
      } else if (!option.isEmpty()) {
        data.add(option);
      }
    }
    return new MountOptions(flags, propagation, String.join(",", data));
  }

  /** The bits of a propagation word such as {@code rslave}, if {@code word} is one. */
  public static OptionalLong propagationOf(String word) {
    Long bits = PROPAGATION_WORDS.get(word);
    return bits == null ? OptionalLong.empty() : OptionalLong.of(bits);
  }

  /** Whether every bit of {@code bits} is set. */
  public boolean has(long bits) {
    return (flags & bits) == bits;
  }
}
