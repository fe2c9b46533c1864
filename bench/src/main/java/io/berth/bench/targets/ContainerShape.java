package io.berth.bench.targets;

import java.nio.charset.StandardCharsets;

/**
 * What every benchmark container holds besides its id and labels: a small OCI spec (about 700
 * bytes of JSON, in the shape ctr writes) and the runc v2 runtime. Kept small enough that a List
 * of 10,000 containers stays under the 16 MiB message limit.
 */
public final class ContainerShape {

  private ContainerShape() {}

  public static final String RUNTIME = "io.containerd.runc.v2";

  public static final String SPEC_TYPE_URL =
      "types.containerd.io/opencontainers/runtime-spec/1/Spec";

  public static final String RUNC_OPTIONS_TYPE_URL = "containerd.runc.v1.Options";

  private static final String SPEC_JSON = """
      {"ociVersion":"1.0.2-dev","process":{"user":{"uid":0,"gid":0},"args":["/bin/sh","-c",\
      "sleep 3600"],"env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],\
      "cwd":"/","capabilities":{"bounding":["CAP_CHOWN","CAP_KILL","CAP_NET_BIND_SERVICE"],\
      "effective":["CAP_CHOWN","CAP_KILL","CAP_NET_BIND_SERVICE"],\
      "permitted":["CAP_CHOWN","CAP_KILL","CAP_NET_BIND_SERVICE"]},\
      "rlimits":[{"type":"RLIMIT_NOFILE","hard":1024,"soft":1024}],"noNewPrivileges":true},\
      "root":{"path":"/var/lib/bench/rootfs"},"hostname":"bench",\
      "mounts":[{"destination":"/proc","type":"proc","source":"proc"},\
      {"destination":"/dev","type":"tmpfs","source":"tmpfs","options":["nosuid","mode=755"]}],\
      "linux":{"resources":{"devices":[{"allow":false,"access":"rwm"}]},\
      "cgroupsPath":"/bench/container","namespaces":[{"type":"pid"},{"type":"ipc"},\
      {"type":"uts"},{"type":"mount"},{"type":"network"}]}}""";

  /** The spec's JSON bytes (a fresh copy). */
  public static byte[] spec() {
    return SPEC_JSON.getBytes(StandardCharsets.UTF_8);
  }
}
