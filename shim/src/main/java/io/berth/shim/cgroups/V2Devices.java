package io.berth.shim.cgroups;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.berth.api.errors.UnknownException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies device rules on cgroup v2: compiles them ({@link DeviceFilter}), loads the program with
 * bpf(BPF_PROG_LOAD), attaches it to the cgroup with BPF_F_ALLOW_MULTI, then detaches the
 * device programs that were attached before (so an update replaces the rules, as runc does).
 */
final class V2Devices {

  private static final int BPF_PROG_LOAD = 5;
  private static final int BPF_PROG_ATTACH = 8;
  private static final int BPF_PROG_DETACH = 9;
  private static final int BPF_PROG_GET_FD_BY_ID = 13;
  private static final int BPF_PROG_QUERY = 16;
  private static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
  private static final int BPF_CGROUP_DEVICE = 6;
  private static final int BPF_F_ALLOW_MULTI = 2;

  /** bpf_attr is a union; 128 zeroed bytes cover every field these commands use. */
  private static final int ATTR_SIZE = 128;

  private static final int LOG_SIZE = 64 * 1024;

  private V2Devices() {}

  static void apply(String cgroup, Path dir, List<Resources.DeviceRule> rules) {
    byte[] code = DeviceFilter.bytes(DeviceFilter.compile(rules));
    int dirFd = CgroupNative.openDirectory(dir.toString());
    int progFd = -1;
    try {
      List<Integer> old = attachedPrograms(cgroup, dirFd);
      progFd = load(cgroup, code);
      Memory attr = attr();
      attr.setInt(0, dirFd);
      attr.setInt(4, progFd);
      attr.setInt(8, BPF_CGROUP_DEVICE);
      attr.setInt(12, BPF_F_ALLOW_MULTI);
      bpf(cgroup, "BPF_PROG_ATTACH (BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI)", BPF_PROG_ATTACH, attr);
      for (int id : old) {
        detach(cgroup, dirFd, id);
      }
    } finally {
      if (progFd >= 0) {
        CgroupNative.close(progFd);
      }
      CgroupNative.close(dirFd);
    }
  }

  private static int load(String cgroup, byte[] code) {
    Memory insns = new Memory(code.length);
    insns.write(0, code, 0, code.length);
    Memory license = new Memory(8);
    license.setString(0, "Apache");
    Memory attr = attr();
    attr.setInt(0, BPF_PROG_TYPE_CGROUP_DEVICE);
    attr.setInt(4, code.length / 8);
    attr.setLong(8, Pointer.nativeValue(insns));
    attr.setLong(16, Pointer.nativeValue(license));
    try {
      return (int) syscall(BPF_PROG_LOAD, attr);
    } catch (LastErrorException first) {
      // Load again with the verifier's log to say why.
      Memory log = new Memory(LOG_SIZE);
      log.clear();
      attr.setInt(24, 1);
      attr.setInt(28, LOG_SIZE);
      attr.setLong(32, Pointer.nativeValue(log));
      try {
        return (int) syscall(BPF_PROG_LOAD, attr);
      } catch (LastErrorException e) {
        throw new UnknownException(
            "cgroup " + ControlFiles.quote(cgroup) + ": BPF_PROG_LOAD of the device filter: "
                + Errno.describe(e.getErrorCode()) + ": " + log.getString(0).strip(),
            e);
      }
    }
  }

  /** The ids of the device programs attached to the cgroup itself. */
  private static List<Integer> attachedPrograms(String cgroup, int dirFd) {
    int max = 64;
    Memory ids = new Memory(4L * max);
    Memory attr = attr();
    attr.setInt(0, dirFd);
    attr.setInt(4, BPF_CGROUP_DEVICE);
    attr.setLong(16, Pointer.nativeValue(ids));
    attr.setInt(24, max);
    bpf(cgroup, "BPF_PROG_QUERY (BPF_CGROUP_DEVICE)", BPF_PROG_QUERY, attr);
    int count = attr.getInt(24);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < Math.min(count, max); i++) {
      out.add(ids.getInt(4L * i));
    }
    return out;
  }

  private static void detach(String cgroup, int dirFd, int progId) {
    Memory byId = attr();
    byId.setInt(0, progId);
    int fd;
    try {
      fd = (int) syscall(BPF_PROG_GET_FD_BY_ID, byId);
    } catch (LastErrorException e) {
      return; // already gone
    }
    try {
      Memory attr = attr();
      attr.setInt(0, dirFd);
      attr.setInt(4, fd);
      attr.setInt(8, BPF_CGROUP_DEVICE);
      bpf(cgroup, "BPF_PROG_DETACH (BPF_CGROUP_DEVICE)", BPF_PROG_DETACH, attr);
    } finally {
      CgroupNative.close(fd);
    }
  }

  private static Memory attr() {
    Memory m = new Memory(ATTR_SIZE);
    m.clear();
    return m;
  }

  private static long bpf(String cgroup, String what, int cmd, Memory attr) {
    try {
      return syscall(cmd, attr);
    } catch (LastErrorException e) {
      throw new UnknownException(
          "cgroup " + ControlFiles.quote(cgroup) + ": " + what + ": "
              + Errno.describe(e.getErrorCode()),
          e);
    }
  }

  private static long syscall(int cmd, Memory attr) {
    return CgroupLibC.INSTANCE.syscall(bpfSyscallNumber(), cmd, attr, ATTR_SIZE);
  }

  /** __NR_bpf: 321 on x86_64, 280 on aarch64 (the generic table). */
  private static long bpfSyscallNumber() {
    if (Platform.isIntel() && Platform.is64Bit()) {
      return 321;
    }
    if (Platform.isARM() && Platform.is64Bit()) {
      return 280;
    }
    throw new io.berth.api.errors.NotImplementedException(
        "device rules on cgroup v2 for " + System.getProperty("os.arch"));
  }
}
