/**
 * Berth's composition root. {@link io.berth.daemon.Berth} assembles the stores and services over
 * one root directory for in-process use; {@link io.berth.daemon.GrpcServices} puts the gRPC
 * adapters over it; {@link io.berth.daemon.Berthd} is the daemon's main, serving them on a unix
 * socket.
 */
package io.berth.daemon;
