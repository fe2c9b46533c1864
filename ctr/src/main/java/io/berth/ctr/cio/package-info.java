/**
 * The client's side of a process's standard streams, as containerd's {@code cio} package: the
 * FIFO paths sent to the daemon ({@link io.berth.ctr.cio.FifoSet}) and the threads that copy the
 * caller's streams through them ({@link io.berth.ctr.cio.ProcessIo}).
 */
package io.berth.ctr.cio;
