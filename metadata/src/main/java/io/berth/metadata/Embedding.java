package io.berth.metadata;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;

/**
 * Builds the encoding of a message whose one (repeated) field holds containers: each container
 * goes in as the field's tag, its length and its {@link ContainerWire} bytes, written straight
 * into blocks, so that a list of any size is never copied to grow and never needs one large
 * array. Blocks start at {@value #FIRST_BLOCK} bytes (a filtered list often holds one or two
 * containers) and double up to {@value #BLOCK}. The result is one {@link ByteString} over them.
 */
final class Embedding {

  static final int FIRST_BLOCK = 4 << 10;
  static final int BLOCK = 64 << 10;

  private final int field;
  private ByteString done = ByteString.EMPTY;
  private byte[] block;
  private int used;

  /** For field number {@code field} of the enclosing message. */
  Embedding(int field) {
    this.field = field;
  }

  /** The message holding only {@code c} in its field, in an array of exactly its size. */
  static ByteString of(int field, ContainerWire c) throws InvalidProtocolBufferException {
    Embedding e = new Embedding(field);
    e.block = new byte[e.sizeOf(c)];
    e.add(c);
    return e.finish();
  }

  void add(ContainerWire c) throws InvalidProtocolBufferException {
    int n = sizeOf(c);
    if (block == null || block.length - used < n) {
      seal();
      block = new byte[Math.max(n, Math.min(BLOCK, Math.max(FIRST_BLOCK, done.size())))];
    }
    CodedOutputStream w = CodedOutputStream.newInstance(block, used, n);
    try {
      w.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      w.writeUInt32NoTag(c.size());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the block was sized for this very container", e);
    }
    c.writeTo(w);
    w.checkNoSpaceLeft();
    used += n;
  }

  /** The message so far; the builder is then empty. */
  ByteString finish() {
    seal();
    ByteString out = done;
    done = ByteString.EMPTY;
    return out;
  }

  private int sizeOf(ContainerWire c) {
    return CodedOutputStream.computeTagSize(field)
        + CodedOutputStream.computeUInt32SizeNoTag(c.size()) + c.size();
  }

  /** Ends the current block: it is never written again, so it is wrapped without a copy. */
  private void seal() {
    if (block != null && used > 0) {
      done = done.concat(UnsafeByteOperations.unsafeWrap(block, 0, used));
    }
    block = null;
    used = 0;
  }
}
