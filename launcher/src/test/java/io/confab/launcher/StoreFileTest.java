package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFileTest {

  /** Pages of a commit: past H2's own 4 MB, below the largest buffer kept. */
  private static final int COMMIT_BYTES = 8 << 20;
  private static final int VALUE_BYTES = 4096;

  @TempDir
  Path dir;

  @Test
  @DisplayName("commits larger than the buffer H2 keeps get one made to their size, which every later commit of that size reuses")
  void largeCommitsReuseOneBuffer() {
    StoreFile file = StoreFile.open(dir.resolve("store.mv.db").toString());
    MVStore store = new MVStore.Builder().adoptFileStore(file).autoCommitDisabled().open();
    try {
      MVMap<Integer, byte[]> map = store.openMap("pages");
      for (int commit = 0; commit < 4; commit++) {
        for (int key = 0; key < COMMIT_BYTES / VALUE_BYTES; key++) {
          map.put(key, new byte[VALUE_BYTES]);
        }
        store.commit();
      }
    } finally {
      store.close();
    }
    // The first commit's buffer grew from 1 MB and was dropped; the second one's, made to size, served the rest.
    assertThat(file.buffersMade()).isEqualTo(2);
    assertThat(file.bufferBytes()).isGreaterThan(COMMIT_BYTES).isLessThanOrEqualTo(StoreFile.KEPT_MAX_BYTES);
  }

  @Test
  @DisplayName("what a store on the file committed reads back after it is reopened")
  void committedPagesReadBack() {
    String path = dir.resolve("again.mv.db").toString();
    MVStore store = new MVStore.Builder().adoptFileStore(StoreFile.open(path)).open();
    store.<Integer, String>openMap("pages").put(1, "one");
    store.close();
    MVStore reopened = new MVStore.Builder().adoptFileStore(StoreFile.open(path)).open();
    try {
      assertThat(reopened.<Integer, String>openMap("pages").get(1)).isEqualTo("one");
    } finally {
      reopened.close();
    }
  }
}
