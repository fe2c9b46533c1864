/** The Leases gRPC service: a thin adapter over the local leases service. */
package io.berth.daemon.leases;
