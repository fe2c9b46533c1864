package io.berth.ctr.compare;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The side-by-side suite against berthd: the real ctr and berth, both talking to berthd, must
 * print the same. (Whether berthd answers as containerd does is the integration module's concern.)
 */
class BerthdComparisonTest extends SideBySideConformance {

  private static PrivateDaemon berthd;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(PrivateDaemon.available(), "needs root and /usr/bin/ctr");
    berthd = PrivateDaemon.berthd();
  }

  @AfterAll
  static void stop() throws Exception {
    if (berthd != null) {
      berthd.close();
    }
  }

  @Override
  protected Daemon daemon() {
    return berthd::socket;
  }
}
