/**
 * ttrpc, the small RPC protocol containerd speaks with its shims, on plain JDK unix sockets:
 * {@link io.berth.api.ttrpc.TtrpcServer} and {@link io.berth.api.ttrpc.TtrpcClient}. Each message
 * is a 10-byte header (payload length and stream id as big-endian uint32, a type byte, a flags
 * byte) and a protobuf payload of at most 4 MiB: a {@code ttrpc.Request} from the client on an
 * odd stream id, a {@code ttrpc.Response} with a gRPC status code on the same id from the server.
 * Nothing here uses gRPC or Netty, so that a shim can speak it without loading either.
 */
package io.berth.api.ttrpc;
