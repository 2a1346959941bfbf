package io.confab.search;

import io.confab.contract.ConfigKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** Which engine a node's search verticle uses, from its deployment config. */
final class Engines {

  /** The embedded index's directory under the data dir. */
  static final String LUCENE_DIRECTORY = "search";

  /** OpenSearch when a search URI is given (a cluster), else the embedded Lucene index. */
  static Future<SearchEngine> open(Vertx vertx, JsonObject config) {
    String uri = config.getString(ConfigKeys.SEARCH_URI);
    return uri != null ? OpenSearchEngine.open(vertx, uri)
        : LuceneEngine.open(vertx, Path.of(config.getString(ConfigKeys.DATA_DIR, "./data"), LUCENE_DIRECTORY));
  }

  private Engines() {
  }
}
