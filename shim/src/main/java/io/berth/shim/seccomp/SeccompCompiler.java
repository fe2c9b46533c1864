package io.berth.shim.seccomp;

import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotImplementedException;
import io.berth.shim.spec.Seccomp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Compiles the OCI spec's {@code linux.seccomp} into a classic BPF seccomp filter. Per
 * architecture listed (x86_64, x86, x32 on amd64 hosts; aarch64 on arm64), the rules are checked
 * in order: a rule matches when the call number is one of its names and all its argument
 * conditions hold (conditions repeating an argument index become separate rules, as runc does);
 * the first match returns its action, otherwise the default action. Names unknown for an
 * architecture are skipped, as libseccomp does; other architectures get KILL_PROCESS.
 */
public final class SeccompCompiler {
    private static final int RET_KILL_PROCESS = 0x80000000;
    private static final int RET_KILL_THREAD = 0x00000000;
    private static final int RET_TRAP = 0x00030000;
    private static final int RET_ERRNO = 0x00050000;
    private static final int RET_TRACE = 0x7ff00000;
    private static final int RET_LOG = 0x7ffc0000;
    private static final int RET_ALLOW = 0x7fff0000;
    private static final int EPERM = 1;

    private static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    private static final int AUDIT_ARCH_I386 = 0x40000003;
    private static final int AUDIT_ARCH_AARCH64 = 0xC00000B7;
    private static final int X32_BIT = 0x40000000;

    /** A compiled filter: BPF bytes and seccomp(2) flags. */
    public record Program(byte[] bpf, int flags) {
        public Program {
            bpf = bpf.clone();
        }

        @Override
        public byte[] bpf() {
            return bpf.clone();
        }

        public int instructions() {
            return bpf.length / 8;
        }
    }

    private record Arch(String name, int audit, boolean wide, String table) {
    }

    private static final Map<String, SyscallTable> TABLES = new HashMap<>();

    private SeccompCompiler() {
    }

    public static Program compile(Seccomp seccomp) {
        String hostArch = System.getProperty("os.arch");
        boolean amd64 = hostArch.equals("amd64") || hostArch.equals("x86_64");
        int defaultAction = action(seccomp.defaultAction(), seccomp.defaultErrnoRet(), "linux.seccomp.defaultAction");
        if (seccomp.listenerPath() != null && !seccomp.listenerPath().isEmpty()) {
            throw new NotImplementedException("linux.seccomp.listenerPath: seccomp notify is not supported");
        }
        int flags = 0;
        for (String f : seccomp.flags()) {
            flags |= switch (f) {
                case "SECCOMP_FILTER_FLAG_TSYNC" -> 0;
                case "SECCOMP_FILTER_FLAG_LOG" -> 2;
                case "SECCOMP_FILTER_FLAG_SPEC_ALLOW" -> 4;
                default -> throw new InvalidArgumentException("linux.seccomp.flags: unknown flag \"" + f + "\"");
            };
        }
        Set<String> wanted = new LinkedHashSet<>(seccomp.architectures());
        boolean x86_64;
        boolean x32;
        boolean x86;
        boolean aarch64;
        for (String a : wanted) {
            switch (a) {
                case "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM",
                     "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL",
                     "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64",
                     "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_RISCV64" -> {
                }
                default -> throw new InvalidArgumentException(
                        "linux.seccomp.architectures: unknown architecture \"" + a + "\"");
            }
        }
        if (amd64) {
            x86_64 = true;
            x32 = wanted.contains("SCMP_ARCH_X32");
            x86 = wanted.contains("SCMP_ARCH_X86");
            aarch64 = false;
        } else {
            x86_64 = false;
            x32 = false;
            x86 = false;
            aarch64 = true;
        }
        // Validate every rule once, whatever the architectures.
        List<Rule> rules = rules(seccomp);

        Bpf bpf = new Bpf();
        bpf.load(4);
        if (x86_64) {
            Bpf.Label next = new Bpf.Label();
            Bpf.Label x32Section = new Bpf.Label();
            Bpf.Label in = new Bpf.Label();
            bpf.jump(Bpf.JMP_JEQ_K, AUDIT_ARCH_X86_64, in, null);
            bpf.jumpAlways(next);
            bpf.bind(in);
            bpf.load(0);
            Bpf.Label native64 = new Bpf.Label();
            bpf.jump(Bpf.JMP_JGE_K, X32_BIT, null, native64);
            if (x32) {
                bpf.jumpAlways(x32Section);
            } else {
                bpf.ret(RET_KILL_THREAD);
            }
            bpf.bind(native64);
            section(bpf, new Arch("SCMP_ARCH_X86_64", AUDIT_ARCH_X86_64, true, "x86_64"), rules, defaultAction);
            if (x32) {
                bpf.bind(x32Section);
                section(bpf, new Arch("SCMP_ARCH_X32", AUDIT_ARCH_X86_64, true, "x32"), rules, defaultAction);
            }
            bpf.bind(next);
        }
        if (x86) {
            Bpf.Label next = new Bpf.Label();
            bpf.load(4);
            Bpf.Label in = new Bpf.Label();
            bpf.jump(Bpf.JMP_JEQ_K, AUDIT_ARCH_I386, in, null);
            bpf.jumpAlways(next);
            bpf.bind(in);
            section(bpf, new Arch("SCMP_ARCH_X86", AUDIT_ARCH_I386, false, "x86"), rules, defaultAction);
            bpf.bind(next);
        }
        if (aarch64) {
            throw new NotImplementedException("seccomp on " + hostArch + " is not supported yet");
        }
        bpf.ret(RET_KILL_PROCESS);
        return new Program(bpf.assemble(), flags);
    }

    /** One matchable rule: names, ANDed conditions and the action. */
    private record Rule(List<String> names, List<Seccomp.Arg> conditions, int action) {
    }

    private static List<Rule> rules(Seccomp seccomp) {
        List<Rule> out = new ArrayList<>();
        for (int i = 0; i < seccomp.syscalls().size(); i++) {
            Seccomp.Syscall s = seccomp.syscalls().get(i);
            String field = "linux.seccomp.syscalls[" + i + "]";
            if (s.names().isEmpty()) {
                throw new InvalidArgumentException(field + ".names must not be empty");
            }
            int action = action(s.action(), s.errnoRet(), field + ".action");
            Set<Integer> indexes = new java.util.HashSet<>();
            boolean repeated = false;
            for (Seccomp.Arg a : s.args()) {
                if (a.index() < 0 || a.index() > 5) {
                    throw new InvalidArgumentException(field + ".args: index " + a.index() + " is out of range 0-5");
                }
                op(a.op(), field + ".args");
                repeated |= !indexes.add(a.index());
            }
            if (repeated) {
                for (Seccomp.Arg a : s.args()) {
                    out.add(new Rule(s.names(), List.of(a), action));
                }
            } else {
                out.add(new Rule(s.names(), s.args(), action));
            }
        }
        return out;
    }

    private static void section(Bpf bpf, Arch arch, List<Rule> rules, int defaultAction) {
        SyscallTable table = TABLES.computeIfAbsent(arch.table(), t -> SyscallTable.load(t + ".syscalls"));
        boolean numberLoaded = arch.audit() == AUDIT_ARCH_X86_64;
        if (!numberLoaded) {
            bpf.load(0);
            numberLoaded = true;
        }
        for (Rule r : rules) {
            for (String name : r.names()) {
                OptionalInt nr = table.number(name);
                if (nr.isEmpty()) {
                    continue;
                }
                if (!numberLoaded) {
                    bpf.load(0);
                }
                Bpf.Label fail = new Bpf.Label();
                bpf.jump(Bpf.JMP_JEQ_K, nr.getAsInt(), null, fail);
                for (Seccomp.Arg a : r.conditions()) {
                    condition(bpf, a, arch.wide(), fail);
                }
                bpf.ret(r.action());
                bpf.bind(fail);
                numberLoaded = r.conditions().isEmpty();
            }
        }
        bpf.ret(defaultAction);
    }

    /** Emits a check of one 64-bit (or 32-bit) argument condition; jumps to {@code fail} when false. */
    private static void condition(Bpf bpf, Seccomp.Arg a, boolean wide, Bpf.Label fail) {
        int low = 16 + 8 * a.index();
        int high = low + 4;
        int vLo = (int) a.value();
        int vHi = (int) (a.value() >>> 32);
        Bpf.Label pass = new Bpf.Label();
        String op = a.op();
        switch (op) {
            case "SCMP_CMP_EQ" -> {
                if (wide) {
                    bpf.load(high);
                    bpf.jump(Bpf.JMP_JEQ_K, vHi, null, fail);
                }
                bpf.load(low);
                bpf.jump(Bpf.JMP_JEQ_K, vLo, null, fail);
            }
            case "SCMP_CMP_NE" -> {
                if (wide) {
                    bpf.load(high);
                    bpf.jump(Bpf.JMP_JEQ_K, vHi, null, pass);
                }
                bpf.load(low);
                bpf.jump(Bpf.JMP_JEQ_K, vLo, fail, null);
            }
            case "SCMP_CMP_MASKED_EQ" -> {
                int eLo = (int) a.valueTwo();
                int eHi = (int) (a.valueTwo() >>> 32);
                if (wide) {
                    bpf.load(high);
                    bpf.and(vHi);
                    bpf.jump(Bpf.JMP_JEQ_K, eHi, null, fail);
                }
                bpf.load(low);
                bpf.and(vLo);
                bpf.jump(Bpf.JMP_JEQ_K, eLo, null, fail);
            }
            case "SCMP_CMP_GT", "SCMP_CMP_GE" -> {
                int lowCode = op.equals("SCMP_CMP_GT") ? Bpf.JMP_JGT_K : Bpf.JMP_JGE_K;
                if (wide) {
                    bpf.load(high);
                    bpf.jump(Bpf.JMP_JGT_K, vHi, pass, null);
                    bpf.jump(Bpf.JMP_JEQ_K, vHi, null, fail);
                }
                bpf.load(low);
                bpf.jump(lowCode, vLo, null, fail);
            }
            case "SCMP_CMP_LT", "SCMP_CMP_LE" -> {
                int lowCode = op.equals("SCMP_CMP_LT") ? Bpf.JMP_JGE_K : Bpf.JMP_JGT_K;
                if (wide) {
                    bpf.load(high);
                    bpf.jump(Bpf.JMP_JGT_K, vHi, fail, null);
                    bpf.jump(Bpf.JMP_JEQ_K, vHi, null, pass);
                }
                bpf.load(low);
                bpf.jump(lowCode, vLo, fail, null);
            }
            default -> throw new IllegalStateException("unchecked op " + op);
        }
        bpf.bind(pass);
    }

    private static void op(String op, String field) {
        switch (op == null ? "" : op) {
            case "SCMP_CMP_EQ", "SCMP_CMP_NE", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_GT", "SCMP_CMP_GE", "SCMP_CMP_LT",
                 "SCMP_CMP_LE" -> {
            }
            default -> throw new InvalidArgumentException(field + ": unknown operator \"" + op + "\"");
        }
    }

    private static int action(String action, Integer errnoRet, String field) {
        if (action == null || action.isEmpty()) {
            throw new InvalidArgumentException(field + " is required");
        }
        int errno = errnoRet == null ? EPERM : errnoRet;
        if (errno < 0 || errno > 0xffff) {
            throw new InvalidArgumentException(field + ": errnoRet " + errno + " is out of range");
        }
        return switch (action) {
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> RET_KILL_THREAD;
            case "SCMP_ACT_KILL_PROCESS" -> RET_KILL_PROCESS;
            case "SCMP_ACT_TRAP" -> RET_TRAP;
            case "SCMP_ACT_ERRNO" -> RET_ERRNO | errno;
            case "SCMP_ACT_TRACE" -> RET_TRACE | errno;
            case "SCMP_ACT_LOG" -> RET_LOG;
            case "SCMP_ACT_ALLOW" -> RET_ALLOW;
            case "SCMP_ACT_NOTIFY" -> throw new NotImplementedException(field + ": SCMP_ACT_NOTIFY is not supported");
            default -> throw new InvalidArgumentException(field + ": unknown action \"" + action + "\"");
        };
    }
}
