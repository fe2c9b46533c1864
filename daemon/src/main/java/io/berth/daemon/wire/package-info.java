/** Conversions between wire types and Berth's records that every service mapper shares. */
package io.berth.daemon.wire;
