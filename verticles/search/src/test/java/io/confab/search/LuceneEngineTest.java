package io.confab.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine contract, against an embedded Lucene index in a fresh directory. */
class LuceneEngineTest extends SearchEngineContract {

  @TempDir
  Path directory;

  @Override
  protected Future<SearchEngine> open(Vertx vertx) {
    return LuceneEngine.open(vertx, directory);
  }

  @Test
  void writesAloneFlushNoSegmentPerWrite() throws IOException {
    for (int rev = 1; rev <= 40; rev++) {
      index(message("m" + rev, rev, rev, "word " + rev));
      await(engine.recordRevs(Map.of("room", (long) rev)));
    }

    // A refresh per write flushed a segment each time; the periodic commit may flush one.
    assertThat(segments()).isLessThanOrEqualTo(2);
    assertThat(ids("word")).hasSize(40);
  }

  private long segments() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".si")).count();
    }
  }
}
