/** How berthd's JVM is started: its options, shared by bin/berthd and the tests. */
package io.berth.daemon.launch;
