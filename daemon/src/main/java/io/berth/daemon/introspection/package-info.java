/** The Introspection service: the plugin list and the daemon's persistent UUID. */
package io.berth.daemon.introspection;
