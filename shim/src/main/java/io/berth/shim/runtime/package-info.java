/**
 * Running containers without runc and without forking the JVM (DESIGN.md): {@link
 * io.berth.shim.runtime.Container} is the library API. Each container has one platform thread
 * holding its pid, network, IPC and UTS namespaces; its processes are spawned from that thread
 * with posix_spawn as init stages, placed in the container's cgroup, handed their plan, and let
 * go on Start. Orphans adopted by this JVM (a child subreaper) are reaped by pid, never with
 * waitpid(-1), so the JDK's own reaper keeps the statuses of the processes it started.
 */
package io.berth.shim.runtime;
