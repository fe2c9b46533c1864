/** berthd's logging: java.util.logging to stderr, one compact line per record. */
package io.berth.daemon.logging;
