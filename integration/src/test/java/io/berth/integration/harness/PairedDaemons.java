package io.berth.integration.harness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * berthd and the reference containerd side by side for one test class, with a scratch directory
 * beside them. Registered as a static {@code @RegisterExtension} field, it starts both before the
 * class's tests (the class is skipped where containerd 1.6 and ctr are not installed), and after
 * them unmounts what is still mounted under the scratch directory, removes it and stops the
 * daemons.
 */
public final class PairedDaemons implements BeforeAllCallback, AfterAllCallback {

  private final Supplier<Path> scratchMaker;
  private final Consumer<DaemonPair> stopper;
  private DaemonPair daemons;
  private Path scratch;

  /**
   * @param scratchMaker makes the scratch directory (under {@link TempDirs})
   * @param stopper stops the daemons, with whatever else their tests may leave behind
   */
  public PairedDaemons(Supplier<Path> scratchMaker, Consumer<DaemonPair> stopper) {
    this.scratchMaker = scratchMaker;
    this.stopper = stopper;
  }

  /** Daemons with an empty scratch directory named {@code prefix...}. */
  public static PairedDaemons withEmptyDir(String prefix) {
    return new PairedDaemons(() -> TempDirs.create(prefix), DaemonPair::close);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    assumeTrue(ReferenceContainerd.installed(), "containerd 1.6 and ctr are not installed");
    scratch = scratchMaker.get();
    daemons = DaemonPair.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (daemons != null) {
        stopper.accept(daemons);
      }
    } finally {
      if (scratch != null) {
        TempDirs.unmountAllUnder(scratch);
        TempDirs.deleteRecursively(scratch);
      }
    }
  }

  public DaemonPair daemons() {
    return daemons;
  }

  public Path scratch() {
    return scratch;
  }
}
