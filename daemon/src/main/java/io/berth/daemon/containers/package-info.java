/** The Containers gRPC service: a thin adapter over the local containers service. */
package io.berth.daemon.containers;
