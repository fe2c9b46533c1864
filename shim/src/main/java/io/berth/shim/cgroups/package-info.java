/**
 * Container cgroups for cgroup v1, hybrid and v2-only hosts.
 *
 * <ul>
 *   <li>{@link io.berth.shim.cgroups.Cgroups#detect()} reads /proc/self/mountinfo and
 *       /proc/self/cgroup: the {@link io.berth.shim.cgroups.CgroupMode}, each v1 controller's
 *       {@link io.berth.shim.cgroups.Hierarchy} and the cgroup2 one. No path is assumed.
 *   <li>{@link io.berth.shim.cgroups.Cgroup} is one container's cgroup: create/load by the OCI
 *       {@code linux.cgroupsPath} (validated by {@link io.berth.shim.cgroups.CgroupPath}),
 *       processes, freeze/thaw, limits ({@link io.berth.shim.cgroups.Resources}, also read from
 *       the OCI {@code linux.resources} JSON), {@link io.berth.shim.cgroups.Stats} (with {@code
 *       toProto()} giving containerd's cgroups Metrics), OOM notification, kill and removal.
 *   <li>On V1 and HYBRID hosts a cgroup lives in every mounted v1 hierarchy, as with runc's fs
 *       driver; on UNIFIED hosts in the cgroup2 hierarchy, where the controllers it needs are
 *       enabled in each ancestor's cgroup.subtree_control. The systemd driver (cgroupsPath
 *       "slice:prefix:name") is not supported.
 *   <li>Native calls (eventfd, inotify, kill, bpf) go through {@code CgroupLibC} (raw) and {@code
 *       CgroupNative} (checked); everything else is plain file I/O on cgroupfs via {@code
 *       ControlFiles}, whose errors name the cgroup, the file and the OS reason.
 * </ul>
 */
package io.berth.shim.cgroups;
