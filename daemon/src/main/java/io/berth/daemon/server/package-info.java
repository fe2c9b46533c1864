/**
 * The gRPC server: the unix socket transport, the namespace header rule and the single place
 * where failures become statuses.
 */
package io.berth.daemon.server;
