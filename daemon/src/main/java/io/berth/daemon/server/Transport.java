package io.berth.daemon.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import java.util.logging.Logger;

/**
 * How the server's event loops do their socket I/O.
 *
 * <p>io_uring where the kernel allows it: an event loop hands the kernel all the reads and writes
 * it has ready in one system call, where epoll makes one call for each. On a 2-core VM, where
 * every system call is dear, Gets at 16 clients cost berthd 23 us of CPU each instead of 30-33
 * (36,000 -> 40,600 per second). epoll where io_uring is missing or refused (kernels before 5.x,
 * io_uring_disabled, seccomp profiles of container engines), or when the system property
 * {@value #PROPERTY} is {@code false}.
 */
enum Transport {
  IO_URING,
  EPOLL;

  /** Set to {@code false} to serve over epoll although io_uring is there. */
  static final String PROPERTY = "berth.io_uring";

  private static final Logger LOG = Logger.getLogger(Transport.class.getName());

  /** io_uring if it is usable and not turned off, else epoll; says which once chosen. */
  static Transport chosen() {
    if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
      LOG.fine("serving over epoll: io_uring turned off by -D" + PROPERTY + "=false");
      return EPOLL;
    }
    if (!IoUring.isAvailable()) {
      LOG.fine("serving over epoll: io_uring is not usable here: "
          + IoUring.unavailabilityCause());
      return EPOLL;
    }
    LOG.fine("serving over io_uring");
    return IO_URING;
  }

  IoHandlerFactory handlers() {
    return switch (this) {
      case IO_URING -> IoUringIoHandler.newFactory();
      case EPOLL -> EpollIoHandler.newFactory();
    };
  }

  Class<? extends ServerChannel> serverChannel() {
    return switch (this) {
      case IO_URING -> IoUringServerDomainSocketChannel.class;
      case EPOLL -> EpollServerDomainSocketChannel.class;
    };
  }
}
