package io.berth.shim.cgroups;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles device rules into a BPF_PROG_TYPE_CGROUP_DEVICE program, cgroup v2's replacement for
 * devices.allow/devices.deny.
 *
 * <p>The program reads {@code struct bpf_cgroup_dev_ctx {u32 access_type; u32 major; u32 minor}}
 * (access_type = access << 16 | type) and tries the rules from last to first; the first that
 * matches decides (1 allows, 0 denies). When none matches the access is allowed, as a new v1
 * device cgroup inheriting "a *:* rwm" would. An allow rule matches when every requested access
 * is in its set; a deny rule when any requested access is in its set.
 */
final class DeviceFilter {

  /** bpf_cgroup_dev_ctx type values. */
  static final int DEV_BLOCK = 1;

  static final int DEV_CHAR = 2;

  /** bpf_cgroup_dev_ctx access bits. */
  static final int ACC_MKNOD = 1;

  static final int ACC_READ = 2;
  static final int ACC_WRITE = 4;

  // Opcodes (linux/bpf.h, linux/bpf_common.h).
  private static final int LDX_MEM_W = 0x61;
  private static final int ALU64_AND_K = 0x57;
  private static final int ALU64_RSH_K = 0x77;
  private static final int ALU64_MOV_K = 0xb7;
  private static final int ALU64_MOV_X = 0xbf;
  private static final int JMP_JEQ_K = 0x15;
  private static final int JMP_JNE_K = 0x55;
  private static final int JMP_JSET_K = 0x45;
  private static final int EXIT = 0x95;

  private static final int R0 = 0;
  private static final int R1 = 1;
  private static final int R2 = 2;
  private static final int R3 = 3;
  private static final int R4 = 4;
  private static final int R5 = 5;

  private DeviceFilter() {}

  /** One 8-byte instruction. */
  record Insn(int opcode, int dst, int src, int off, int imm) {
    void writeTo(ByteArrayOutputStream out) {
      out.write(opcode);
      out.write((src << 4) | dst);
      out.write(off & 0xff);
      out.write((off >> 8) & 0xff);
      out.write(imm & 0xff);
      out.write((imm >> 8) & 0xff);
      out.write((imm >> 16) & 0xff);
      out.write((imm >> 24) & 0xff);
    }
  }

  /** The program's instructions. */
  static List<Insn> compile(List<Resources.DeviceRule> rules) {
    List<Insn> prog = new ArrayList<>();
    prog.add(new Insn(LDX_MEM_W, R2, R1, 0, 0)); // r2 = access_type
    prog.add(new Insn(ALU64_AND_K, R2, 0, 0, 0xffff)); // r2 = type
    prog.add(new Insn(LDX_MEM_W, R3, R1, 0, 0));
    prog.add(new Insn(ALU64_RSH_K, R3, 0, 0, 16)); // r3 = requested access
    prog.add(new Insn(LDX_MEM_W, R4, R1, 4, 0)); // r4 = major
    prog.add(new Insn(LDX_MEM_W, R5, R1, 8, 0)); // r5 = minor
    for (int i = rules.size() - 1; i >= 0; i--) {
      List<Insn> block = block(rules.get(i));
      prog.addAll(block);
      if (block.size() == 2) {
        // The rule matches every access: what comes before it can never decide (and the
        // verifier refuses unreachable instructions).
        return prog;
      }
    }
    prog.add(new Insn(ALU64_MOV_K, R0, 0, 0, 1));
    prog.add(new Insn(EXIT, 0, 0, 0, 0));
    return prog;
  }

  /** The program as the bytes BPF_PROG_LOAD takes. */
  static byte[] bytes(List<Insn> prog) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(prog.size() * 8);
    for (Insn i : prog) {
      i.writeTo(out);
    }
    return out.toByteArray();
  }

  /** Tests for one rule, each jumping past the block when it fails, then the verdict. */
  private static List<Insn> block(Resources.DeviceRule rule) {
    // Conditions first with placeholder offsets, patched once the block length is known.
    List<Insn> tests = new ArrayList<>();
    if (rule.type() != 'a') {
      tests.add(new Insn(JMP_JNE_K, R2, 0, 0, rule.type() == 'b' ? DEV_BLOCK : DEV_CHAR));
    }
    if (rule.major() != null) {
      tests.add(new Insn(JMP_JNE_K, R4, 0, 0, Math.toIntExact(rule.major())));
    }
    if (rule.minor() != null) {
      tests.add(new Insn(JMP_JNE_K, R5, 0, 0, Math.toIntExact(rule.minor())));
    }
    int acc = access(rule.access());
    int all = ACC_MKNOD | ACC_READ | ACC_WRITE;
    if (acc != all) {
      if (rule.allow()) {
        // skip if any requested bit is outside the rule's set
        tests.add(new Insn(JMP_JSET_K, R3, 0, 0, ~acc & all));
      } else {
        // skip if no requested bit is in the rule's set
        tests.add(new Insn(ALU64_MOV_X, R1, R3, 0, 0));
        tests.add(new Insn(ALU64_AND_K, R1, 0, 0, acc));
        tests.add(new Insn(JMP_JEQ_K, R1, 0, 0, 0));
      }
    }
    List<Insn> out = new ArrayList<>();
    int total = tests.size() + 2;
    for (int i = 0; i < tests.size(); i++) {
      Insn t = tests.get(i);
      boolean jump = t.opcode() == JMP_JNE_K || t.opcode() == JMP_JEQ_K || t.opcode() == JMP_JSET_K;
      // a jump's offset counts from the next instruction to the first one after the block
      out.add(jump ? new Insn(t.opcode(), t.dst(), t.src(), total - i - 1, t.imm()) : t);
    }
    out.add(new Insn(ALU64_MOV_K, R0, 0, 0, rule.allow() ? 1 : 0));
    out.add(new Insn(EXIT, 0, 0, 0, 0));
    return out;
  }

  static int access(String access) {
    int a = 0;
    for (char c : access.toCharArray()) {
      a |= switch (c) {
        case 'r' -> ACC_READ;
        case 'w' -> ACC_WRITE;
        case 'm' -> ACC_MKNOD;
        default -> throw new IllegalArgumentException("access " + access);
      };
    }
    return a;
  }
}
