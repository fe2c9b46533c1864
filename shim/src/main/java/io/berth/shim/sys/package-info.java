/**
 * Native access for the runtime core, in two layers: {@link io.berth.shim.sys.LibC}, a raw JNA
 * binding declaring {@code LastErrorException}, and {@link io.berth.shim.sys.Syscalls}, a checked
 * facade with typed arguments whose {@link io.berth.shim.sys.SyscallException} names the call and
 * the errno ({@code mount proc on /x/proc: EPERM (operation not permitted)}).
 */
package io.berth.shim.sys;
