package io.berth.shim.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Small helpers for reading a process's piped output in tests. */
final class Run {
    private Run() {
    }

    static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    static String stdout(ContainerProcess p) throws IOException {
        return read(p.stdout().orElseThrow());
    }

    static String stderr(ContainerProcess p) throws IOException {
        return read(p.stderr().orElseThrow());
    }
}
