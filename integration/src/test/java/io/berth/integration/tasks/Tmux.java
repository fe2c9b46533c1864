package io.berth.integration.tasks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private tmux server (its own socket name, no status line) running one command in a detached
 * session of a known size: the terminal a person would type into. Closing kills the server.
 */
final class Tmux implements AutoCloseable {
    private final String server;
    private final String session = "main";

    private Tmux(String server) {
        this.server = server;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/tmux"));
    }

    /** Starts {@code command} (run by sh) in a {@code width}x{@code height} window. */
    static Tmux start(Path dir, String command, int width, int height) {
        Path conf = dir.resolve("tmux.conf");
        try {
            Files.writeString(conf, "set -g status off\nset -g history-limit 1000\n");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Tmux t = new Tmux("berth-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        t.tmux("-f", conf.toString(), "new-session", "-d", "-s", t.session, "-x", Integer.toString(width), "-y",
                Integer.toString(height), command);
        return t;
    }

    /** Types {@code text} and Enter. */
    void type(String text) {
        tmux("send-keys", "-t", session, "-l", text);
        tmux("send-keys", "-t", session, "Enter");
    }

    void resize(int width, int height) {
        tmux("resize-window", "-t", session, "-x", Integer.toString(width), "-y", Integer.toString(height));
    }

    /** The visible screen, trailing blank lines dropped. */
    String screen() {
        String s = tmux("capture-pane", "-p", "-t", session);
        return s.stripTrailing() + "\n";
    }

    boolean sessionAlive() {
        return run(List.of("has-session", "-t", session)).exit == 0;
    }

    /** Waits until the screen shows {@code count} lines equal to {@code line}; returns the screen. */
    String awaitLines(String line, int count) {
        String[] last = {""};
        Poll.until(count + " line(s) '" + line + "' on the screen", () -> {
            last[0] = sessionAlive() ? screen() : last[0];
            return last[0].lines().filter(l -> l.stripTrailing().equals(line)).count() >= count;
        }, () -> last[0]);
        return last[0];
    }

    private String tmux(String... args) {
        Out o = run(List.of(args));
        if (o.exit != 0) {
            throw new AssertionError("tmux " + String.join(" ", args) + " failed (" + o.exit + "): " + o.text);
        }
        return o.text;
    }

    private record Out(int exit, String text) {
    }

    private Out run(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", server));
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tmux timed out: " + cmd);
            }
            return new Out(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        run(List.of("kill-server"));
    }
}
