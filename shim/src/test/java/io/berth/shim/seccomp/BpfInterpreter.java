package io.berth.shim.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Runs a classic-BPF seccomp program on a {@code struct seccomp_data}, as the kernel would. */
final class BpfInterpreter {
    private BpfInterpreter() {
    }

    static int run(byte[] program, int nr, int arch, long... args) {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt(0, nr).putInt(4, arch).putLong(8, 0);
        for (int i = 0; i < args.length; i++) {
            data.putLong(16 + 8 * i, args[i]);
        }
        ByteBuffer p = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        int n = program.length / 8;
        int a = 0;
        int pc = 0;
        for (int steps = 0; steps < 100_000; steps++) {
            if (pc < 0 || pc >= n) {
                throw new IllegalStateException("pc " + pc + " out of program");
            }
            int code = p.getShort(pc * 8) & 0xffff;
            int jt = p.get(pc * 8 + 2) & 0xff;
            int jf = p.get(pc * 8 + 3) & 0xff;
            int k = p.getInt(pc * 8 + 4);
            switch (code) {
                case Bpf.LD_W_ABS -> {
                    a = data.getInt(k);
                    pc++;
                }
                case Bpf.ALU_AND_K -> {
                    a &= k;
                    pc++;
                }
                case Bpf.JMP_JA -> pc += 1 + k;
                case Bpf.JMP_JEQ_K -> pc += 1 + (a == k ? jt : jf);
                case Bpf.JMP_JGT_K -> pc += 1 + (Integer.compareUnsigned(a, k) > 0 ? jt : jf);
                case Bpf.JMP_JGE_K -> pc += 1 + (Integer.compareUnsigned(a, k) >= 0 ? jt : jf);
                case Bpf.RET_K -> {
                    return k;
                }
                default -> throw new IllegalStateException("unknown BPF code " + code);
            }
        }
        throw new IllegalStateException("program does not terminate");
    }
}
