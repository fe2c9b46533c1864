package io.berth.shim.runtime;

import io.berth.shim.spec.Spec;
import io.berth.shim.spec.Specs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Runs a spec with the installed runc (/usr/sbin/runc) for side-by-side comparisons. */
final class Runc {
    private Runc() {
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc"));
    }

    private static String binary() {
        return Files.isExecutable(Path.of("/usr/sbin/runc")) ? "/usr/sbin/runc" : "/usr/bin/runc";
    }

    /** {@code runc run} of {@code spec} in a private state root; returns its stdout. */
    static String run(Path bundle, Spec spec, String id) throws IOException, InterruptedException {
        Path runcBundle = Files.createTempDirectory("berth-runc-bundle");
        Path state = Files.createTempDirectory("berth-runc-state");
        try {
            Specs.write(spec, runcBundle.resolve("config.json"));
            Process p = new ProcessBuilder(binary(), "--root", state.toString(), "run", "-b", runcBundle.toString(), id)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } finally {
            new ProcessBuilder(binary(), "--root", state.toString(), "delete", "-f", id)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            delete(runcBundle);
            delete(state);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static List<String> lines(String s) {
        return s.lines().toList();
    }
}
