/** The Events gRPC service: publish, forward and flow-controlled subscriber streams. */
package io.berth.daemon.events;
