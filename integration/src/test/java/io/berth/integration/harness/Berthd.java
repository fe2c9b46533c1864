package io.berth.integration.harness;

import io.berth.daemon.launch.JvmOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * berthd as a separate process, from the test class path (the daemon module's classes and
 * dependencies), on a private root, state and socket. The directory survives kill() and stop(),
 * so a test can restart berthd on the same root.
 */
public final class Berthd extends DaemonProcess {

  private final List<String> extraArgs;

  public Berthd(String... extraArgs) {
    this(TempDirs.create("berthd-"), extraArgs);
  }

  /** A berthd on an existing directory, e.g. to restart after kill(). */
  public Berthd(Path dir, String... extraArgs) {
    super(dir);
    this.extraArgs = List.of(extraArgs);
  }

  public Path root() {
    return dir.resolve("root");
  }

  public Path state() {
    return dir.resolve("state");
  }

  /**
   * {@code java ... io.berth.daemon.Berthd args...} from the test class path, with berthd's own
   * JVM options (those bin/berthd passes).
   */
  public static List<String> javaCommand(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JvmOptions.berthd());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("--sun-misc-unsafe-memory-access=allow");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.berth.daemon.Berthd");
    cmd.addAll(List.of(args));
    return cmd;
  }

  @Override
  protected List<String> command() {
    List<String> cmd = javaCommand();
    cmd.add("--root=" + root());
    cmd.add("--state=" + state());
    cmd.add("--address=" + socket);
    cmd.addAll(extraArgs);
    return cmd;
  }
}
