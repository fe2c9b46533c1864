package io.berth.api.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.FailedPreconditionException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketFilesTest {

  @TempDir Path dir;

  @Test
  void aLiveServersSocketIsRefusedAndKept() throws Exception {
    Path socket = dir.resolve("live.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      assertThat(UnixSocketFiles.listening(socket)).isTrue();
      assertThatThrownBy(() -> UnixSocketFiles.claim(socket))
          .isInstanceOf(FailedPreconditionException.class)
          .hasMessageStartingWith("address " + socket + " is in use by another server");
      assertThat(socket).exists();
    }
  }

  @Test
  void aSocketFileLeftByAServerThatIsGoneIsRemoved() throws Exception {
    Path socket = dir.resolve("stale.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
    } // closed: the file stays, nobody listens
    assertThat(socket).exists();
    assertThat(UnixSocketFiles.listening(socket)).isFalse();
    UnixSocketFiles.claim(socket);
    assertThat(socket).doesNotExist();
  }

  @Test
  void aMissingFileAndAPlainFileAreNoServer() throws Exception {
    Path missing = dir.resolve("none.sock");
    UnixSocketFiles.claim(missing);
    assertThat(missing).doesNotExist();
    Path plain = Files.writeString(dir.resolve("plain.sock"), "x");
    assertThat(UnixSocketFiles.listening(plain)).isFalse();
    UnixSocketFiles.claim(plain);
    assertThat(plain).doesNotExist();
  }
}
