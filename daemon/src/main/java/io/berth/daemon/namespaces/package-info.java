/** The Namespaces gRPC service: a thin adapter over the local namespaces service. */
package io.berth.daemon.namespaces;
