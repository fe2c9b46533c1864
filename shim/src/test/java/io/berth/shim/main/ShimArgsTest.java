package io.berth.shim.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.InvalidArgumentException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShimArgsTest {

    @Test
    void parsesContainerdStyleFlagsAndRoundTrips() {
        ShimArgs a = ShimArgs.parse(new String[] {"-namespace", "default", "-id", "c1", "-bundle", "/run/b/c1",
            "-address", "/run/berthd.sock", "-socket-dir", "/run/s", "-debug", "start"});
        assertThat(a).isEqualTo(new ShimArgs("default", "c1", Path.of("/run/b/c1"), "/run/berthd.sock",
                Path.of("/run/s"), true, "start"));
        assertThat(ShimArgs.parse(a.toArgs("serve").toArray(String[]::new)).verb()).isEqualTo("serve");
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> ShimArgs.parse(new String[] {"-id", "c1", "start"}))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("-namespace is required");
        assertThatThrownBy(() -> ShimArgs.parse(new String[] {"-namespace", "n", "-id", "../x", "-bundle", "/b",
            "-socket-dir", "/s", "start"}))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("identifier");
        assertThatThrownBy(() -> ShimArgs.parse(new String[] {"-namespace", "n", "-id", "x", "-bundle", "rel",
            "-socket-dir", "/s", "start"}))
                .hasMessageContaining("-bundle rel must be an absolute path");
        assertThatThrownBy(() -> ShimArgs.parse(new String[] {"-namespace", "n", "-id", "x", "-bundle", "/b",
            "-socket-dir", "/s", "delete"}))
                .hasMessageContaining("unknown verb \"delete\"");
        assertThatThrownBy(() -> ShimArgs.parse(new String[] {"-bogus", "1"}))
                .hasMessageContaining("unknown flag -bogus");
    }

    @Test
    void socketPathsAreShortAndStable() {
        Path p = ShimAddress.socketPath(Path.of("/run/berth/s"), "/run/berth/berthd.sock", "default", "c1");
        assertThat(p.getParent()).isEqualTo(Path.of("/run/berth/s"));
        assertThat(p.getFileName().toString()).hasSize(32);
        assertThat(ShimAddress.socketPath(Path.of("/run/berth/s"), "/run/berth/berthd.sock", "default", "c1"))
                .isEqualTo(p);
        assertThat(ShimAddress.parse(ShimAddress.format(p))).isEqualTo(p);
        assertThatThrownBy(() -> ShimAddress.socketPath(Path.of("/" + "d".repeat(90)), "a", "n", "i"))
                .hasMessageContaining("longer than 107 bytes");
        assertThatThrownBy(() -> ShimAddress.parse("tcp://x")).hasMessageContaining("not a unix socket path");
    }
}
