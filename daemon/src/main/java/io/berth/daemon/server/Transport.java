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
 * <p>epoll by default. io_uring hands the kernel all the reads and writes an event loop has ready
 * in one system call where epoll makes one call for each, and on an earlier 2-core VM it made
 * Gets at 16 clients cheaper (23 us of berthd's CPU each instead of 30-33). On this project's
 * current 2-core VM, with event loops that poll before they sleep ({@link PollBeforeSleep}),
 * epoll served 46,000-57,000 Gets per second at 16 clients and io_uring 39,000-44,000 (both
 * polling; 41,000-43,000 and 46,000-48,000 without), so epoll it is; the system property
 * {@value #PROPERTY} set to {@code true} chooses io_uring where the kernel allows it (not
 * before 5.x, nor with io_uring_disabled or container engines' seccomp profiles).
 */
enum Transport {
  IO_URING,
  EPOLL;

  /** Set to {@code true} to serve over io_uring where it is usable. */
  static final String PROPERTY = "berth.io_uring";

  private static final Logger LOG = Logger.getLogger(Transport.class.getName());

  /** io_uring if it is asked for and usable, else epoll; says which once chosen. */
  static Transport chosen() {
    if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "false"))) {
      LOG.fine("serving over epoll");
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
