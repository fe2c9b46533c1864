/** The Version service and the build information it reports. */
package io.berth.daemon.version;
