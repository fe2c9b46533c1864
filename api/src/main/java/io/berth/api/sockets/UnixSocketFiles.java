package io.berth.api.sockets;

import io.berth.api.errors.FailedPreconditionException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of unix sockets that a server is about to bind. */
public final class UnixSocketFiles {

  private UnixSocketFiles() {}

  /**
   * Frees {@code socket}'s path for a new server: a socket file left by a server that is gone is
   * removed; one that a server still listens on is refused, so that a second server never takes
   * the address from under the first.
   *
   * @throws FailedPreconditionException if a server listens on {@code socket}
   * @throws IOException if a file left there cannot be removed
   */
  public static void claim(Path socket) throws IOException {
    if (!Files.exists(socket)) {
      return;
    }
    if (listening(socket)) {
      throw new FailedPreconditionException("address " + socket + " is in use by another server");
    }
    Files.deleteIfExists(socket);
  }

  /** Whether a server accepts connections on {@code socket}. */
  public static boolean listening(Path socket) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
