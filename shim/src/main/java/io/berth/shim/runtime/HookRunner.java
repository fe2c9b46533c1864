package io.berth.shim.runtime;

import io.berth.api.errors.UnknownException;
import io.berth.shim.spec.Hooks;
import io.berth.shim.sys.SyscallException;
import io.berth.shim.sys.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs OCI hooks in the runtime's own namespaces (a plain thread of the shim, never the
 * container's namespace thread), each with the container's state JSON on stdin, one after another;
 * a hook that fails or outlives its timeout fails the step, with its output in the message.
 */
final class HookRunner {
  private HookRunner() {
  }

  /** The state the OCI runtime spec hands to hooks. */
  static String state(String id, String status, long pid, Path bundle) {
    return "{\"ociVersion\":\"1.0.2\",\"id\":" + quote(id) + ",\"status\":" + quote(status) + ",\"pid\":" + pid
        + ",\"bundle\":" + quote(bundle.toString()) + "}";
  }

  static void run(String stage, List<Hooks.Hook> hooks, String state, Path bundle) {
    for (Hooks.Hook h : hooks) {
      runOne(stage, h, state, bundle);
    }
  }

  private static void runOne(String stage, Hooks.Hook hook, String state, Path bundle) {
    List<String> argv = hook.args().isEmpty() ? List.of(hook.path()) : hook.args();
    String what = stage + " hook " + hook.path();
    Path output = null;
    int[] in = null;
    int out = -1;
    try (NamespaceThread thread = new NamespaceThread("berth-hook")) {
      output = Files.createTempFile(bundle, "hook", ".log");
      in = Syscalls.pipe();
      out = Syscalls.open(output, Syscalls.O_WRONLY | Syscalls.O_CLOEXEC, 0);
      SpawnedProcess p = SpawnedProcess.start(thread, hook.path(), argv, hook.env(), new int[] {in[0], out, out},
          Path.of("/"));
      Syscalls.closeQuietly(in[0]);
      byte[] bytes = state.getBytes(StandardCharsets.UTF_8);
      try {
        Syscalls.writeFully(in[1], bytes, bytes.length);
      } catch (SyscallException e) {
        // the hook need not read its stdin
      }
      Syscalls.closeQuietly(in[1]);
      in = null;
      int code;
      try {
        long timeout = hook.timeout() == null || hook.timeout() <= 0 ? Long.MAX_VALUE : hook.timeout();
        code = p.onExit().get(timeout, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        p.killForcibly();
        throw new UnknownException(what + " timed out after " + hook.timeout() + "s");
      }
      if (code != 0) {
        throw new UnknownException(what + " exited with status " + code + ": "
            + Files.readString(output).strip());
      }
    } catch (UnknownException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnknownException(what + ": interrupted");
    } catch (ExecutionException | IOException e) {
      throw new UnknownException(what + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new UnknownException(what + ": " + e.getMessage(), e);
    } finally {
      if (in != null) {
        Syscalls.closeQuietly(in[0]);
        Syscalls.closeQuietly(in[1]);
      }
      if (out >= 0) {
        Syscalls.closeQuietly(out);
      }
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a leftover log in the bundle goes with the bundle
        }
      }
    }
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
