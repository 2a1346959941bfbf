package io.confab.search;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The engine contract, against an embedded Lucene index in a fresh directory. */
class LuceneEngineTest extends SearchEngineContract {

  @TempDir
  Path directory;

  @Override
  protected Future<SearchEngine> open(Vertx vertx) {
    return LuceneEngine.open(vertx, directory);
  }
}
