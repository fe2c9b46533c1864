/**
 * The init stage: {@link io.berth.shim.init.InitMain} runs on a lean JVM as a container's first
 * process (or as a process joining it), receives an {@link io.berth.shim.init.InitPlan} over the
 * {@link io.berth.shim.init.ControlChannel}, builds the rootfs and the process's identity in runc's
 * order, waits for Start and execve's. Only java.base, JNA and this package and {@code sys} are
 * loaded here: no Jackson, no gRPC.
 */
package io.berth.shim.init;
