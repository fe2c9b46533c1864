package io.berth.bench.targets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The resident memory of one process from {@code /proc/PID/smaps_rollup}: RSS counts every page
 * it has mapped in memory; PSS divides each shared page among the processes sharing it, so the
 * PSS of several processes adds up to what they cost together.
 *
 * @param rssKib resident set size in KiB
 * @param pssKib proportional set size in KiB
 */
public record ProcessMemory(long rssKib, long pssKib) {

  public ProcessMemory {
    if (rssKib < 0 || pssKib < 0 || pssKib > rssKib) {
      throw new IllegalArgumentException("inconsistent memory: RSS " + rssKib + " KiB, PSS "
          + pssKib + " KiB");
    }
  }

  /** Reads the process's smaps_rollup; fails if the process is gone or the file unreadable. */
  public static ProcessMemory of(long pid) throws IOException {
    return parse(Files.readString(Path.of("/proc", Long.toString(pid), "smaps_rollup")));
  }

  /** The Rss and Pss lines of a smaps_rollup text. */
  static ProcessMemory parse(String smapsRollup) throws IOException {
    long rss = -1;
    long pss = -1;
    for (String line : smapsRollup.split("\n")) {
      if (line.startsWith("Rss:")) {
        rss = kib(line);
      } else if (line.startsWith("Pss:")) {
        pss = kib(line);
      }
    }
    if (rss < 0 || pss < 0) {
      throw new IOException("smaps_rollup has no Rss or Pss line");
    }
    return new ProcessMemory(rss, pss);
  }

  private static long kib(String line) throws IOException {
    String[] f = line.trim().split("\\s+");
    if (f.length != 3 || !f[2].equals("kB")) {
      throw new IOException("unexpected smaps_rollup line: " + line);
    }
    return Long.parseLong(f[1]);
  }

  public double rssMib() {
    return rssKib / 1024.0;
  }

  public double pssMib() {
    return pssKib / 1024.0;
  }
}
