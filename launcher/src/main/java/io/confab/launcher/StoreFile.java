package io.confab.launcher;

import java.util.HashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.mvstore.SingleFileStore;
import org.h2.mvstore.WriteBuffer;

/**
 * The embedded store's file, whose commits serialize their pages into a buffer kept from one commit to the
 * next.
 *
 * <p>H2 keeps a commit's buffer only up to 4 MB. A bigger commit (at half the direct-room peak each one
 * holds 10 to 17 MB of pages) grew a fresh buffer from 1 MB by half its size at a time, every step an array
 * of a G1 region or more: some 50 MB of humongous arrays a commit, 7 % of all the node allocated, and a
 * concurrent G1 cycle started for each commit, which kept the collector marking and mixing all the time
 * (docs/BENCHMARKS.md). Here the buffer is sized by the largest commit it served, with a quarter to spare,
 * up to {@link #KEPT_MAX_BYTES}, and kept. One is kept: H2 serializes a commit while writing the previous
 * one only when commits come faster than once a second, and such a second buffer is dropped after use.
 */
final class StoreFile extends SingleFileStore {

  /** The largest buffer kept (a commit bigger than that grows one as H2 does): the commit buffer's size. */
  static final int KEPT_MAX_BYTES = EmbeddedMongo.COMMIT_BUFFER_KB * 1024;
  private static final int STEP_BYTES = 1 << 20;

  private final AtomicReference<WriteBuffer> kept = new AtomicReference<>();
  private volatile int size = STEP_BYTES;
  private final AtomicInteger made = new AtomicInteger();

  private StoreFile() {
    // H2's defaults, as its builder passes them to the file store it makes.
    super(new HashMap<>());
  }

  static StoreFile open(String file) {
    StoreFile store = new StoreFile();
    store.open(file, false, null);
    return store;
  }

  @Override
  public WriteBuffer getWriteBuffer() {
    WriteBuffer buffer = kept.getAndSet(null);
    if (buffer != null) {
      return buffer;
    }
    made.incrementAndGet();
    return new WriteBuffer(size);
  }

  /** Keeps the buffer, unless the commit it served wants a larger one next time. */
  @Override
  public void releaseWriteBuffer(WriteBuffer buffer) {
    int used = buffer.limit();
    if (used + used / 4 > size) {
      size = (int) Math.min(KEPT_MAX_BYTES, ((used + used / 4L) / STEP_BYTES + 1) * STEP_BYTES);
    }
    // Back to the buffer it was made with, if a commit grew it past that.
    buffer.clear();
    if (buffer.capacity() >= size) {
      kept.set(buffer);
    }
  }

  /** The size of the buffer the next commit gets. */
  int bufferBytes() {
    WriteBuffer buffer = kept.get();
    return buffer != null ? buffer.capacity() : size;
  }

  /** Buffers made so far (H2's growing of one not counted). */
  int buffersMade() {
    return made.get();
  }
}
