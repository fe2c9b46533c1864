package io.berth.integration.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's containerd 1.6 on a private root, state and socket, with the CRI plugin off and its
 * garbage collector off (Berth has none; with no startup run and thresholds never reached, its
 * scheduler never starts a collection): otherwise a snapshot made by {@code ctr snapshots
 * view}, which carries no gc.root label, vanishes about a second after any removal.
 */
public final class ReferenceContainerd extends DaemonProcess {

  public ReferenceContainerd() {
    super(TempDirs.create("containerd-"));
  }

  public static boolean installed() {
    return Files.isExecutable(Path.of("/usr/bin/containerd"))
        && Files.isExecutable(Path.of("/usr/bin/ctr"));
  }

  public Path root() {
    return dir.resolve("root");
  }

  public Path state() {
    return dir.resolve("state");
  }

  @Override
  protected List<String> command() throws IOException {
    Path config = dir.resolve("config.toml");
    Files.writeString(config, String.join("\n",
        "version = 2",
        "root = \"" + root() + "\"",
        "state = \"" + state() + "\"",
        "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]",
        "[grpc]",
        "  address = \"" + socket + "\"",
        "[ttrpc]",
        "  address = \"" + socket + ".ttrpc\"",
        "[debug]",
        "  address = \"\"",
        "[plugins.\"io.containerd.gc.v1.scheduler\"]",
        "  deletion_threshold = 1000000",
        "  mutation_threshold = 1000000",
        "  startup_delay = \"0s\"",
        ""));
    return List.of("/usr/bin/containerd", "--config", config.toString());
  }
}
