package io.berth.bench.targets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's containerd 1.6 on a private root, state and socket, with the CRI plugin off (Berth
 * has no CRI) and the debug socket off; everything else is containerd's default configuration.
 */
public final class Containerd extends Daemon {

  public static final Path BINARY = Path.of("/usr/bin/containerd");

  public Containerd() {
    super(freshDir("containerd-"));
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing; run bin/setup");
    }
  }

  @Override
  public String name() {
    return "containerd";
  }

  /** containerd-shim-runc-v2 started with this containerd's address. */
  @Override
  protected boolean isShim(List<String> argv) {
    return Processes.program(argv).equals("containerd-shim-runc-v2")
        && argv.contains(socket().toString());
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
        "  address = \"" + socket() + "\"",
        "[ttrpc]",
        "  address = \"" + socket() + ".ttrpc\"",
        "[debug]",
        "  address = \"\"",
        ""));
    return List.of(BINARY.toString(), "--config", config.toString());
  }
}
