package io.berth.api.ttrpc;

/**
 * One ttrpc message as read: its stream id, type and flags, and its payload, or no payload when
 * it was longer than {@link FrameChannel#MAX_PAYLOAD} and was skipped ({@link #oversize()}).
 *
 * @param length the payload's length as the header gave it
 */
record Frame(int streamId, int type, int flags, long length, byte[] payload) {
  static final int REQUEST = 1;
  static final int RESPONSE = 2;

  boolean oversize() {
    return payload == null;
  }
}
