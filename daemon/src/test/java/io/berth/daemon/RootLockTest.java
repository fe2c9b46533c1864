package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.FailedPreconditionException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootLockTest {

  @TempDir Path dir;

  @Test
  void secondBerthOnOneRootIsRefusedUntilTheFirstCloses() {
    Path root = dir.resolve("root");
    try (Berth first = Berth.open(root)) {
      assertThat(Files.isDirectory(root)).isTrue();
      assertThatThrownBy(() -> Berth.open(root))
          .isInstanceOf(FailedPreconditionException.class)
          .hasMessage("root " + root + " is in use by another berthd (pid "
              + ProcessHandle.current().pid() + "): lock " + root.resolve("berthd.lock")
              + " is held: failed precondition");
    }
    try (Berth again = Berth.open(root)) {
      assertThat(again.root()).isEqualTo(root);
    }
  }

  @Test
  void closeTwiceIsHarmless() {
    Berth b = Berth.open(dir);
    b.close();
    b.close();
  }
}
