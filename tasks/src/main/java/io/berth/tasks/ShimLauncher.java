package io.berth.tasks;

import com.google.protobuf.Any;
import io.berth.api.errors.UnknownException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gives each task its shim: an idle one from the {@link ShimPool}, or else a new one through the
 * shim's {@code start} verb, as containerd runs a shim binary (cwd = bundle, the task options on
 * stdin, the address printed on stdout). The server it detaches outlives berthd.
 */
final class ShimLauncher {
    private static final long START_LIMIT_SECONDS = 60;

    private final TaskConfig config;
    private final ShimCache cache;
    private final ShimPool pool;

    ShimLauncher(TaskConfig config, ShimCache cache) {
        this.config = config;
        this.cache = cache;
        this.pool = new ShimPool(config.shimPool(), this::poolCommand, config.shimDir());
    }

    /** The pool of started shims (started by the caller once the caches are ready). */
    ShimPool pool() {
        return pool;
    }

    private List<String> poolCommand() {
        List<String> cmd = new ArrayList<>(cache.shimCommand());
        cmd.addAll(List.of("-address", config.berthdSocket().toString(), "-socket-dir", config.socketDir().toString()));
        return cmd;
    }

    /**
     * Gives the task of {@code bundle} a shim: a pooled one if one is ready, else a new one;
     * returns the address it listens on.
     */
    String start(Bundle bundle, Any options) {
        Optional<String> pooled = pool.assign(bundle.namespace, bundle.id, bundle.dir);
        if (pooled.isPresent()) {
            return pooled.get();
        }
        List<String> cmd = new ArrayList<>(cache.shimCommand());
        cmd.addAll(List.of("-namespace", bundle.namespace, "-id", bundle.id, "-bundle", bundle.dir.toString(),
                "-address", config.berthdSocket().toString(), "-socket-dir", config.socketDir().toString(), "start"));
        try {
            Process p = new ProcessBuilder(cmd).directory(bundle.dir.toFile()).start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                if (options != null) {
                    options.writeTo(in);
                }
            } catch (IOException ignored) {
                // the shim does not read its options
            }
            if (!p.waitFor(START_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new UnknownException("failed to start shim: start failed: timed out after "
                        + START_LIMIT_SECONDS + "s");
            }
            if (p.exitValue() != 0) {
                String why = err.join().strip();
                throw new UnknownException("failed to start shim: start failed: " + (why.isEmpty()
                        ? "exit status " + p.exitValue() : why));
            }
            String address = out.join().strip();
            if (address.isEmpty()) {
                throw new UnknownException("failed to start shim: start failed: no shim address");
            }
            return address;
        } catch (IOException e) {
            throw new UnknownException("failed to start shim: start failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownException("failed to start shim: interrupted");
        }
    }

    private static CompletableFuture<String> drain(InputStream s) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (s) {
                f.complete(new String(s.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.complete("");
            }
        });
        return f;
    }
}
