package io.confab.search;

import io.confab.testing.opensearch.OpenSearchProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The engine contract, against a real one-node OpenSearch 2.19 on loopback (started once for this test
 * JVM). Every test works in rooms of its own, so they share the cluster's two indexes.
 */
class OpenSearchEngineTest extends SearchEngineContract {

  @Override
  protected Future<SearchEngine> open(Vertx vertx) {
    return OpenSearchEngine.open(vertx, OpenSearchProcess.shared().uri());
  }
}
