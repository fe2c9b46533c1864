package io.berth.shim.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** A tiny classic-BPF assembler with forward labels, enough for seccomp filters. */
final class Bpf {
    static final int LD_W_ABS = 0x20;
    static final int ALU_AND_K = 0x54;
    static final int JMP_JA = 0x05;
    static final int JMP_JEQ_K = 0x15;
    static final int JMP_JGT_K = 0x25;
    static final int JMP_JGE_K = 0x35;
    static final int RET_K = 0x06;
    static final int MAX_INSNS = 4096;

    /** A jump target, bound to an instruction index once placed. */
    static final class Label {
        private int index = -1;
    }

    private record Insn(int code, Label jt, Label jf, int k, Label ja) {
    }

    private final List<Insn> insns = new ArrayList<>();

    void load(int offset) {
        insns.add(new Insn(LD_W_ABS, null, null, offset, null));
    }

    void and(int mask) {
        insns.add(new Insn(ALU_AND_K, null, null, mask, null));
    }

    /** Conditional jump; a null label means "the next instruction". */
    void jump(int code, int k, Label ifTrue, Label ifFalse) {
        insns.add(new Insn(code, ifTrue, ifFalse, k, null));
    }

    void jumpAlways(Label target) {
        insns.add(new Insn(JMP_JA, null, null, 0, target));
    }

    void ret(int value) {
        insns.add(new Insn(RET_K, null, null, value, null));
    }

    void bind(Label label) {
        label.index = insns.size();
    }

    int size() {
        return insns.size();
    }

    /** The program as {@code struct sock_filter} entries in native byte order. */
    byte[] assemble() {
        if (insns.size() > MAX_INSNS) {
            throw new IllegalArgumentException("seccomp program of " + insns.size() + " instructions exceeds "
                    + MAX_INSNS);
        }
        ByteBuffer out = ByteBuffer.allocate(insns.size() * 8).order(ByteOrder.nativeOrder());
        for (int i = 0; i < insns.size(); i++) {
            Insn in = insns.get(i);
            int k = in.k();
            if (in.ja() != null) {
                k = offset(i, in.ja(), Integer.MAX_VALUE);
            }
            out.putShort((short) in.code());
            out.put((byte) (in.jt() == null ? 0 : offset(i, in.jt(), 255)));
            out.put((byte) (in.jf() == null ? 0 : offset(i, in.jf(), 255)));
            out.putInt(k);
        }
        return out.array();
    }

    private static int offset(int from, Label to, int max) {
        if (to.index < 0) {
            throw new IllegalStateException("unbound BPF label");
        }
        int off = to.index - from - 1;
        if (off < 0 || off > max) {
            throw new IllegalArgumentException("BPF jump of " + off + " instructions is out of range");
        }
        return off;
    }
}
