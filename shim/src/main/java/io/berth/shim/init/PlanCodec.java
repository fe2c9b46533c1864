package io.berth.shim.init;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Binary encoding of an {@link InitPlan}, kept plain so the init stage loads few classes. */
public final class PlanCodec {
    private static final int VERSION = 1;

    private PlanCodec() {
    }

    public static byte[] encode(InitPlan plan) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeBoolean(plan.join());
            str(out, plan.mountNsPath());
            out.writeBoolean(plan.newMountNs());
            str(out, plan.cgroupNsPath());
            out.writeBoolean(plan.newCgroupNs());
            out.writeBoolean(plan.rootfs() != null);
            if (plan.rootfs() != null) {
                rootfs(out, plan.rootfs());
            }
            proc(out, plan.process());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static InitPlan decode(byte[] data) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("init plan version " + version + ", expected " + VERSION);
        }
        boolean join = in.readBoolean();
        String mountNs = str(in);
        boolean newMount = in.readBoolean();
        String cgroupNs = str(in);
        boolean newCgroup = in.readBoolean();
        InitPlan.Rootfs rootfs = in.readBoolean() ? rootfs(in) : null;
        return new InitPlan(join, mountNs, newMount, cgroupNs, newCgroup, rootfs, proc(in));
    }

    private static void rootfs(DataOutputStream out, InitPlan.Rootfs r) throws IOException {
        str(out, r.path());
        out.writeBoolean(r.readonly());
        out.writeLong(r.propagation());
        out.writeBoolean(r.noPivotRoot());
        out.writeInt(r.mounts().size());
        for (InitPlan.MountOp m : r.mounts()) {
            out.writeInt(m.kind().ordinal());
            str(out, m.source());
            str(out, m.destination());
            str(out, m.type());
            out.writeLong(m.flags());
            str(out, m.data());
            out.writeInt(m.propagation().size());
            for (long p : m.propagation()) {
                out.writeLong(p);
            }
        }
        out.writeBoolean(r.setupDev());
        out.writeInt(r.devices().size());
        for (InitPlan.DeviceNode d : r.devices()) {
            str(out, d.path());
            out.writeChar(d.type());
            out.writeInt(d.major());
            out.writeInt(d.minor());
            out.writeInt(d.mode());
            out.writeInt(d.uid());
            out.writeInt(d.gid());
        }
        strings(out, r.maskedPaths());
        strings(out, r.readonlyPaths());
        str(out, r.hostname());
        str(out, r.domainname());
        out.writeInt(r.sysctl().size());
        for (Map.Entry<String, String> e : r.sysctl().entrySet()) {
            str(out, e.getKey());
            str(out, e.getValue());
        }
        out.writeInt(r.oomScoreAdj());
        out.writeBoolean(r.setOomScoreAdj());
    }

    private static InitPlan.Rootfs rootfs(DataInputStream in) throws IOException {
        String path = str(in);
        boolean readonly = in.readBoolean();
        long propagation = in.readLong();
        boolean noPivot = in.readBoolean();
        int n = in.readInt();
        List<InitPlan.MountOp> mounts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            InitPlan.MountKind kind = InitPlan.MountKind.values()[in.readInt()];
            String source = str(in);
            String dest = str(in);
            String type = str(in);
            long flags = in.readLong();
            String data = str(in);
            int np = in.readInt();
            List<Long> props = new ArrayList<>(np);
            for (int j = 0; j < np; j++) {
                props.add(in.readLong());
            }
            mounts.add(new InitPlan.MountOp(kind, source, dest, type, flags, data, props));
        }
        boolean setupDev = in.readBoolean();
        int nd = in.readInt();
        List<InitPlan.DeviceNode> devices = new ArrayList<>(nd);
        for (int i = 0; i < nd; i++) {
            devices.add(new InitPlan.DeviceNode(str(in), in.readChar(), in.readInt(), in.readInt(), in.readInt(),
                    in.readInt(), in.readInt()));
        }
        List<String> masked = strings(in);
        List<String> readonlyPaths = strings(in);
        String hostname = str(in);
        String domainname = str(in);
        int ns = in.readInt();
        Map<String, String> sysctl = new HashMap<>();
        for (int i = 0; i < ns; i++) {
            sysctl.put(str(in), str(in));
        }
        int oom = in.readInt();
        boolean setOom = in.readBoolean();
        return new InitPlan.Rootfs(path, readonly, propagation, noPivot, mounts, setupDev, devices, masked,
                readonlyPaths, hostname, domainname, sysctl, oom, setOom);
    }

    private static void proc(DataOutputStream out, InitPlan.Proc p) throws IOException {
        strings(out, p.args());
        strings(out, p.env());
        str(out, p.cwd());
        out.writeInt(p.uid());
        out.writeInt(p.gid());
        out.writeInt(p.groups().size());
        for (int g : p.groups()) {
            out.writeInt(g);
        }
        out.writeInt(p.umask());
        out.writeInt(p.rlimits().size());
        for (InitPlan.Limit l : p.rlimits()) {
            out.writeInt(l.resource());
            out.writeLong(l.soft());
            out.writeLong(l.hard());
        }
        out.writeLong(p.bounding());
        out.writeLong(p.effective());
        out.writeLong(p.inheritable());
        out.writeLong(p.permitted());
        out.writeLong(p.ambient());
        out.writeBoolean(p.noNewPrivileges());
        out.writeInt(p.seccomp().length);
        out.write(p.seccomp());
        out.writeInt(p.seccompFlags());
        out.writeBoolean(p.terminal());
        out.writeInt(p.rows());
        out.writeInt(p.columns());
    }

    private static InitPlan.Proc proc(DataInputStream in) throws IOException {
        List<String> args = strings(in);
        List<String> env = strings(in);
        String cwd = str(in);
        int uid = in.readInt();
        int gid = in.readInt();
        int ng = in.readInt();
        List<Integer> groups = new ArrayList<>(ng);
        for (int i = 0; i < ng; i++) {
            groups.add(in.readInt());
        }
        int umask = in.readInt();
        int nl = in.readInt();
        List<InitPlan.Limit> limits = new ArrayList<>(nl);
        for (int i = 0; i < nl; i++) {
            limits.add(new InitPlan.Limit(in.readInt(), in.readLong(), in.readLong()));
        }
        long bounding = in.readLong();
        long effective = in.readLong();
        long inheritable = in.readLong();
        long permitted = in.readLong();
        long ambient = in.readLong();
        boolean nnp = in.readBoolean();
        byte[] seccomp = new byte[in.readInt()];
        in.readFully(seccomp);
        int seccompFlags = in.readInt();
        boolean terminal = in.readBoolean();
        int rows = in.readInt();
        int columns = in.readInt();
        return new InitPlan.Proc(args, env, cwd, uid, gid, groups, umask, limits, bounding, effective, inheritable,
                permitted, ambient, nnp, seccomp, seccompFlags, terminal, rows, columns);
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String str(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void strings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            str(out, s);
        }
    }

    private static List<String> strings(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(str(in));
        }
        return list;
    }
}
