package io.berth.shim.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SyscallsTest {
    @Test
    void failuresNameTheCallAndTheErrno() {
        assertThatThrownBy(() -> Syscalls.open(Path.of("/nonexistent/x"), Syscalls.O_RDONLY, 0))
                .isInstanceOf(SyscallException.class)
                .hasMessage("open /nonexistent/x: ENOENT (no such file or directory)")
                .satisfies(e -> assertThat(((SyscallException) e).errnoName()).isEqualTo("ENOENT"));
        assertThat(Errno.name(95)).isEqualTo("EOPNOTSUPP");
        assertThat(Errno.name(200)).isEqualTo("errno 200");
    }

    @Test
    void pipesReadWriteAndCapabilities() throws Exception {
        int[] fds = Syscalls.pipe();
        try {
            Syscalls.writeFully(fds[1], "hi".getBytes(), 2);
            byte[] buf = new byte[8];
            assertThat(Syscalls.read(fds[0], buf, 8)).isEqualTo(2);
        } finally {
            Syscalls.close(fds[0]);
            Syscalls.close(fds[1]);
        }
        Syscalls.CapabilitySets caps = Syscalls.capget(0);
        assertThat(caps.effective() & ~caps.permitted()).isZero();
    }

    @Test
    void spawnRunsAChildWithTheGivenDescriptors() throws Exception {
        int[] out = Syscalls.pipe();
        int devNull = Syscalls.open(Path.of("/dev/null"), Syscalls.O_RDWR | Syscalls.O_CLOEXEC, 0);
        long pid;
        try {
            pid = Syscalls.spawn("/bin/sh", new String[] {"/bin/sh", "-c", "pwd; exit 3"}, new String[0],
                    new int[] {devNull, out[1], devNull}, Path.of("/tmp"));
        } finally {
            Syscalls.close(out[1]);
            Syscalls.close(devNull);
        }
        byte[] buf = new byte[64];
        int n = Syscalls.read(out[0], buf, 64);
        Syscalls.close(out[0]);
        assertThat(new String(buf, 0, n)).isEqualTo("/tmp\n");
        assertThat(Syscalls.waitpid(pid, 0)).get().extracting(Syscalls.WaitStatus::exitCode).isEqualTo(3);
    }
}
