package io.berth.shim.seccomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotImplementedException;
import io.berth.shim.spec.Seccomp;
import io.berth.shim.spec.Specs;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeccompCompilerTest {
    private static final int X86_64 = 0xC000003E;
    private static final int I386 = 0x40000003;
    private static final int AARCH64 = 0xC00000B7;
    private static final int ALLOW = 0x7fff0000;
    private static final int ERRNO = 0x00050000;
    private static final int KILL_PROCESS = 0x80000000;

    private static Seccomp containerdProfile() throws Exception {
        try (InputStream in = SeccompCompilerTest.class.getResourceAsStream("/io/berth/shim/spec/ctr-seccomp.json")) {
            return Specs.parse(in.readAllBytes()).linux().seccomp();
        }
    }

    @Test
    void containerdDefaultProfileCompilesAndDecides() throws Exception {
        SeccompCompiler.Program p = SeccompCompiler.compile(containerdProfile());
        byte[] bpf = p.bpf();
        assertThat(p.instructions()).isBetween(100, 4096);
        assertThat(BpfInterpreter.run(bpf, 0, X86_64)).isEqualTo(ALLOW); // read
        assertThat(BpfInterpreter.run(bpf, 59, X86_64)).isEqualTo(ALLOW); // execve
        assertThat(BpfInterpreter.run(bpf, 135, X86_64, 0)).isEqualTo(ALLOW); // personality(PER_LINUX)
        assertThat(BpfInterpreter.run(bpf, 135, X86_64, 8)).isEqualTo(ALLOW);
        assertThat(BpfInterpreter.run(bpf, 135, X86_64, 0x1234)).isEqualTo(ERRNO | 1);
        assertThat(BpfInterpreter.run(bpf, 135, X86_64, 0x1_0000_0000L)).isEqualTo(ERRNO | 1); // high word counts
        assertThat(BpfInterpreter.run(bpf, 165, X86_64)).isEqualTo(ERRNO | 1); // mount: not allowed
        assertThat(BpfInterpreter.run(bpf, 9999, X86_64)).isEqualTo(ERRNO | 1);
        assertThat(BpfInterpreter.run(bpf, 3, I386)).isEqualTo(ALLOW); // read on i386
        assertThat(BpfInterpreter.run(bpf, 0x40000000, X86_64)).isEqualTo(ALLOW); // read on x32
        assertThat(BpfInterpreter.run(bpf, 63, AARCH64)).isEqualTo(KILL_PROCESS); // foreign arch
    }

    private static Seccomp rule(String op, long value, long valueTwo) {
        return new Seccomp("SCMP_ACT_ALLOW", null, List.of("SCMP_ARCH_X86_64"), null, null, null,
                List.of(new Seccomp.Syscall(List.of("read"), "SCMP_ACT_ERRNO", 5,
                        List.of(new Seccomp.Arg(2, value, valueTwo, op)))));
    }

    @Test
    void sixtyFourBitComparisonsMatchUnsignedArithmetic() {
        long[] interesting = {0, 1, 5, 0xffffffffL, 0x1_0000_0000L, 0x1_0000_0005L, 0x7fffffff_ffffffffL, -1L,
            0x8000_0000_0000_0000L, 0x0000_0005_0000_0000L};
        Random random = new Random(42);
        for (String op : List.of("SCMP_CMP_EQ", "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_GT",
                "SCMP_CMP_GE")) {
            for (long v : interesting) {
                byte[] bpf = SeccompCompiler.compile(rule(op, v, 0)).bpf();
                for (int i = 0; i < interesting.length + 20; i++) {
                    long arg = i < interesting.length ? interesting[i] : random.nextLong();
                    int cmp = Long.compareUnsigned(arg, v);
                    boolean expected = switch (op) {
                        case "SCMP_CMP_EQ" -> cmp == 0;
                        case "SCMP_CMP_NE" -> cmp != 0;
                        case "SCMP_CMP_LT" -> cmp < 0;
                        case "SCMP_CMP_LE" -> cmp <= 0;
                        case "SCMP_CMP_GT" -> cmp > 0;
                        default -> cmp >= 0;
                    };
                    assertThat(BpfInterpreter.run(bpf, 0, X86_64, 0, 0, arg))
                            .as("%s %x vs %x", op, arg, v).isEqualTo(expected ? ERRNO | 5 : ALLOW);
                }
            }
        }
    }

    @Test
    void maskedEqualityAndRepeatedIndexes() {
        byte[] masked = SeccompCompiler.compile(rule("SCMP_CMP_MASKED_EQ", 0xff00_0000_00ffL, 0x1200_0000_0034L)).bpf();
        assertThat(BpfInterpreter.run(masked, 0, X86_64, 0, 0, 0x12ab_cdef_0034L)).isEqualTo(ERRNO | 5);
        assertThat(BpfInterpreter.run(masked, 0, X86_64, 0, 0, 0x1300_0000_0034L)).isEqualTo(ALLOW);

        // Two conditions on the same argument: runc turns them into two rules (either matches).
        Seccomp or = new Seccomp("SCMP_ACT_ALLOW", null, null, null, null, null,
                List.of(new Seccomp.Syscall(List.of("read"), "SCMP_ACT_ERRNO", 5, List.of(
                        new Seccomp.Arg(0, 1, 0, "SCMP_CMP_EQ"), new Seccomp.Arg(0, 2, 0, "SCMP_CMP_EQ")))));
        byte[] bpf = SeccompCompiler.compile(or).bpf();
        assertThat(BpfInterpreter.run(bpf, 0, X86_64, 1)).isEqualTo(ERRNO | 5);
        assertThat(BpfInterpreter.run(bpf, 0, X86_64, 2)).isEqualTo(ERRNO | 5);
        assertThat(BpfInterpreter.run(bpf, 0, X86_64, 3)).isEqualTo(ALLOW);

        // Different arguments are ANDed.
        Seccomp and = new Seccomp("SCMP_ACT_ALLOW", null, null, null, null, null,
                List.of(new Seccomp.Syscall(List.of("read"), "SCMP_ACT_ERRNO", 5, List.of(
                        new Seccomp.Arg(0, 1, 0, "SCMP_CMP_EQ"), new Seccomp.Arg(1, 2, 0, "SCMP_CMP_EQ")))));
        byte[] both = SeccompCompiler.compile(and).bpf();
        assertThat(BpfInterpreter.run(both, 0, X86_64, 1, 2)).isEqualTo(ERRNO | 5);
        assertThat(BpfInterpreter.run(both, 0, X86_64, 1, 3)).isEqualTo(ALLOW);
    }

    @Test
    void unknownNamesAreSkippedAndBadRulesRefused() {
        Seccomp unknown = new Seccomp("SCMP_ACT_ALLOW", null, null, null, null, null,
                List.of(new Seccomp.Syscall(List.of("no_such_call", "write"), "SCMP_ACT_KILL_PROCESS", null, null)));
        byte[] bpf = SeccompCompiler.compile(unknown).bpf();
        assertThat(BpfInterpreter.run(bpf, 1, X86_64)).isEqualTo(KILL_PROCESS);
        assertThat(BpfInterpreter.run(bpf, 0, X86_64)).isEqualTo(ALLOW);

        assertThatThrownBy(() -> SeccompCompiler.compile(new Seccomp("SCMP_ACT_NOPE", null, null, null, null, null,
                null))).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("linux.seccomp.defaultAction: unknown action \"SCMP_ACT_NOPE\"");
        assertThatThrownBy(() -> SeccompCompiler.compile(new Seccomp("SCMP_ACT_ALLOW", null, List.of("SCMP_ARCH_VAX"),
                null, null, null, null))).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("unknown architecture \"SCMP_ARCH_VAX\"");
        assertThatThrownBy(() -> SeccompCompiler.compile(rule("SCMP_CMP_EQ", 1, 0).syscalls().isEmpty() ? null
                : new Seccomp("SCMP_ACT_ALLOW", null, null, null, null, null, List.of(new Seccomp.Syscall(
                List.of("read"), "SCMP_ACT_ERRNO", null, List.of(new Seccomp.Arg(6, 1, 0, "SCMP_CMP_EQ")))))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("index 6 is out of range");
        assertThatThrownBy(() -> SeccompCompiler.compile(new Seccomp("SCMP_ACT_ALLOW", null, null, null, null, null,
                List.of(new Seccomp.Syscall(List.of("read"), "SCMP_ACT_NOTIFY", null, null)))))
                .isInstanceOf(NotImplementedException.class);
    }
}
