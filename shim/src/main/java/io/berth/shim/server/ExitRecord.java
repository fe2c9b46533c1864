package io.berth.shim.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * How the init process of a bundle ended, written by its shim to {@code <bundle>/exit} before the
 * TaskExit event, so that berthd can report the real status of a task whose shim has died.
 *
 * @param pid the init process's host pid
 * @param status the exit status (128 + n when killed by signal n)
 * @param exitedAt when it ended
 */
public record ExitRecord(long pid, int status, Instant exitedAt) {
    public static final String FILE = "exit";

    public void write(Path bundle) throws IOException {
        Path tmp = bundle.resolve(FILE + ".tmp");
        Files.writeString(tmp, "pid=" + pid + "\nstatus=" + status + "\nexited_at=" + exitedAt + "\n");
        Files.move(tmp, bundle.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The record in {@code bundle}; empty if there is none or it cannot be read. */
    public static Optional<ExitRecord> read(Path bundle) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(bundle.resolve(FILE))) {
            p.load(in);
            return Optional.of(new ExitRecord(Long.parseLong(p.getProperty("pid", "0")),
                    Integer.parseInt(p.getProperty("status", "255")), Instant.parse(p.getProperty("exited_at"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
