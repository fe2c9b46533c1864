/**
 * The in-process form of containerd's Namespaces, Containers, Leases and Events services: the
 * stores' rules plus the events containerd publishes. berthd's gRPC services are thin adapters
 * over these interfaces; embedders call them directly. Build them with
 * {@link io.berth.metadata.local.LocalServices#of}.
 */
package io.berth.metadata.local;
