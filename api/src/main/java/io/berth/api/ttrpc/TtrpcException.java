package io.berth.api.ttrpc;

import io.berth.api.errors.StatusCodes;

/**
 * A failed ttrpc call: a gRPC status code and its message, either answered by the peer or
 * raised on this side ({@link #local()}: the connection could not be made or was lost, the call
 * timed out, the message was too large to send).
 */
public final class TtrpcException extends RuntimeException {
  private final int code;
  private final String status;
  private final boolean local;

  TtrpcException(int code, String status, boolean local, Throwable cause) {
    super(StatusCodes.name(code) + ": " + status, cause);
    this.code = code;
    this.status = status;
    this.local = local;
  }

  /** An error the peer answered. */
  static TtrpcException answered(int code, String status) {
    return new TtrpcException(code, status, false, null);
  }

  /** An error raised on this side. */
  static TtrpcException local(int code, String status, Throwable cause) {
    return new TtrpcException(code, status, true, cause);
  }

  /** A local UNAVAILABLE: the peer cannot be reached, e.g. through a client already closed. */
  public static TtrpcException unavailable(String status) {
    return local(StatusCodes.UNAVAILABLE, status, null);
  }

  /** The gRPC status code. */
  public int code() {
    return code;
  }

  /** The status message, without the code. */
  public String status() {
    return status;
  }

  /** Whether this side raised it rather than the peer. */
  public boolean local() {
    return local;
  }

  /** Whether the peer could not be reached, or went away before it answered. */
  public boolean unreachable() {
    return local && code == StatusCodes.UNAVAILABLE;
  }
}
