package io.berth.metadata;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the encoding of a message whose one (repeated) field holds containers: each container
 * goes in as the field's tag, its length and its {@link ContainerWire} bytes, written straight
 * into blocks, so that a list of any size is never copied to grow and never needs one large
 * array. Blocks start at {@value #FIRST_BLOCK} bytes (a filtered list often holds one or two
 * containers) and double up to {@value #BLOCK}. The result is one {@link ByteString} over them.
 *
 * <p>A {@link #reusing} builder borrows whole blocks from a {@link BlockPool} and gives them back
 * on {@link #recycle()}: a large list then allocates no blocks at all, and none of its bytes become
 * garbage that a young collection must copy (a list of 1,000 containers is ~1 MB, more than a
 * small young generation's survivor space, so it would be promoted and fill the old one).
 */
final class Embedding {

  static final int FIRST_BLOCK = 4 << 10;
  static final int BLOCK = 64 << 10;

  private final int field;
  /** Where blocks come from and go back to; null: fresh arrays, never reused. */
  private final BlockPool pool;
  private final List<byte[]> taken = new ArrayList<>();
  private ByteString done = ByteString.EMPTY;
  private byte[] block;
  private int used;

  /** For field number {@code field} of the enclosing message. */
  Embedding(int field) {
    this(field, null);
  }

  private Embedding(int field, BlockPool pool) {
    this.field = field;
    this.pool = pool;
  }

  /**
   * A builder whose blocks of {@value #BLOCK} bytes come from {@code pool} (or are made, when
   * none is free) and go back there on {@link #recycle()}.
   */
  static Embedding reusing(int field, BlockPool pool) {
    return new Embedding(field, pool);
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
      block = newBlock(n);
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

  /**
   * Gives the blocks borrowed from the pool back: every {@link ByteString} that {@link #finish()}
   * returned must no longer be read. Does nothing for a builder that is not {@link #reusing}.
   */
  void recycle() {
    if (pool == null) {
      return;
    }
    pool.giveBack(taken);
    taken.clear();
  }

  private byte[] newBlock(int n) {
    if (pool != null && n <= BLOCK) {
      byte[] b = pool.take();
      taken.add(b);
      return b;
    }
    return new byte[Math.max(n, Math.min(BLOCK, Math.max(FIRST_BLOCK, done.size())))];
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
