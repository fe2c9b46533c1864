package io.berth.shim.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads /proc files to their end. Files.readString is not used: it trusts the reported size and
 * reads /proc/sys files short (it returned "4" for cap_last_cap holding "40").
 */
final class ProcFs {
    private ProcFs() {
    }

    static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
