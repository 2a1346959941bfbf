package io.confab.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine contract, against an embedded Lucene index in a fresh directory. */
class LuceneEngineTest extends SearchEngineContract {

  @TempDir
  Path directory;
  /** Where a crash image of {@link #directory} is copied: the files as a killed process leaves them. */
  @TempDir
  Path crashed;

  @Override
  protected Future<SearchEngine> open(Vertx vertx) {
    return LuceneEngine.open(vertx, directory);
  }

  @Test
  void writesAloneFlushNoSegmentPerWrite() throws IOException {
    long started = System.nanoTime();
    for (int rev = 1; rev <= 40; rev++) {
      index(message("m" + rev, rev, rev, "word " + rev));
      await(engine.recordRevs(Map.of("room", (long) rev)));
    }
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

    // A refresh per write flushed a segment each time; the refresh each second and the periodic commit flush one each.
    assertThat(segments()).isLessThanOrEqualTo(2 + (int) seconds);
    assertThat(ids("word")).hasSize(40);
  }

  @Test
  void writesLeaveTheWritersMemoryWithinSecondsWithoutASearchOrACommit() {
    index(message("a", 1, 1, "alpha"), message("b", 2, 2, "beta"));

    // Sooner than the first commit: the refresh each second flushes them to a segment.
    Eventually.until(() -> ((LuceneEngine) engine).bufferedDocs() == 0, Duration.ofMillis(LuceneEngine.COMMIT_MS - 1_500),
        "the buffered documents flushed");
  }

  @Test
  void recordedRevsWriteNoDocumentUntilACommit() throws IOException {
    String room = message("m", 1, 1, "").getString("room");
    for (int rev = 1; rev <= 40; rev++) {
      await(engine.recordRevs(Map.of(room, (long) rev)));
    }

    assertThat(await(engine.indexedRevs())).containsEntry(room, 40L);
    // indexedRevs refreshes the searcher: a rev document written would have been flushed into a segment of no commit.
    assertThat(segments()).isEqualTo(committedSegments());
  }

  @Test
  void recordedRevsAreBackAfterACloseAndAReopen() {
    index(message("a", 1, 1, "alpha"), message("b", 2, 2, "beta"));
    String room = message("a", 1, 1, "").getString("room");
    await(engine.recordRevs(Map.of(room, 2L)));

    await(engine.close());
    engine = await(open(vertx));

    assertThat(await(engine.indexedRevs())).containsEntry(room, 2L);
    assertThat(ids("alpha beta")).isEmpty();
    assertThat(ids("beta")).containsExactly("b");
  }

  @Test
  void thePeriodicCommitWritesTheRevs() throws IOException {
    String room = message("a", 1, 1, "").getString("room");
    await(engine.recordRevs(Map.of(room, 3L)));

    Eventually.until(this::anythingCommitted, Duration.ofSeconds(LuceneEngine.COMMIT_MS / 1000 * 4), "a commit");

    SearchEngine reopened = await(LuceneEngine.open(vertx, crashImage()));
    try {
      assertThat(await(reopened.indexedRevs())).containsEntry(room, 3L);
    } finally {
      await(reopened.close());
    }
  }

  @Test
  void aCrashBeforeTheCommitReopensAtTheCommittedRevsAndTheFeedIndexesTheRestAgain() throws IOException {
    String room = message("a", 1, 1, "").getString("room");
    index(message("a", 1, 1, "alpha"), message("b", 2, 2, "beta"));
    await(engine.recordRevs(Map.of(room, 2L)));
    await(engine.close());
    engine = await(open(vertx));
    List<JsonObject> sinceTheCommit = List.of(message("c", 3, 3, "gamma"), message("a", 4, 1, "omega"));
    await(engine.index(sinceTheCommit));
    await(engine.recordRevs(Map.of(room, 4L)));

    Path image = crashImage();
    // The crashed process's files are not used again; closing it only lets the test end cleanly.
    await(engine.close());
    engine = await(LuceneEngine.open(vertx, image));

    assertThat(await(engine.indexedRevs())).containsEntry(room, 2L);
    await(engine.index(sinceTheCommit));
    await(engine.recordRevs(Map.of(room, 4L)));
    assertThat(await(engine.indexedRevs())).containsEntry(room, 4L);
    assertThat(ids("alpha")).isEmpty();
    assertThat(ids("omega")).containsExactly("a");
    assertThat(ids("gamma")).containsExactly("c");
    assertThat(ids("beta")).containsExactly("b");
  }

  /** The segments of the last commit in {@link #directory}: the periodic one may have come, with the rev. */
  private int committedSegments() throws IOException {
    try (FSDirectory index = FSDirectory.open(directory)) {
      return DirectoryReader.indexExists(index) ? SegmentInfos.readLatestCommit(index).size() : 0;
    }
  }

  /** Whether the index in {@link #directory} holds a commit with a document in it. */
  private boolean anythingCommitted() throws IOException {
    try (FSDirectory index = FSDirectory.open(directory)) {
      if (!DirectoryReader.indexExists(index)) {
        return false;
      }
      try (DirectoryReader committed = DirectoryReader.open(index)) {
        return committed.numDocs() > 0;
      }
    }
  }

  /** A copy of {@link #directory}'s files as they are now, as a process killed now would leave them. */
  private Path crashImage() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(file -> !file.getFileName().toString().equals("write.lock")).toList()) {
        Files.copy(file, crashed.resolve(file.getFileName()));
      }
    }
    return crashed;
  }

  private long segments() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".si")).count();
    }
  }
}
