package io.berth.ctr.compare;

import io.berth.ctr.Run;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code ctr} 1.6 against a socket, stdin from /dev/null, with output captured. */
final class CtrProcess {

  private CtrProcess() {}

  static Run run(Path socket, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(PrivateDaemon.CTR.toString(), "-a", socket.toString()));
    cmd.addAll(args);
    try {
      Process p =
          new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      byte[][] captured = new byte[2][];
      Thread o = Thread.ofVirtual().start(() -> captured[0] = drain(p.getInputStream()));
      Thread e = Thread.ofVirtual().start(() -> captured[1] = drain(p.getErrorStream()));
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("ctr timed out: " + cmd);
      }
      o.join();
      e.join();
      return new Run(
          List.copyOf(args),
          new String(captured[0], StandardCharsets.UTF_8),
          new String(captured[1], StandardCharsets.UTF_8),
          p.exitValue());
    } catch (IOException e) {
      throw new AssertionError("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static byte[] drain(java.io.InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
