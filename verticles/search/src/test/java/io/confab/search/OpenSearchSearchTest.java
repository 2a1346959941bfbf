package io.confab.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.ConfigKeys;
import io.confab.testing.SlowProxy;
import io.confab.testing.opensearch.OpenSearchProcess;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The search role on the OpenSearch engine, chosen by the search URI as {@code --search-uri} gives it,
 * against the real OpenSearch of this test JVM, reached through a proxy the test can cut.
 */
class OpenSearchSearchTest extends SearchTestBase {

  private SlowProxy proxy;

  @Override
  protected JsonObject configure(JsonObject config) {
    proxy = SlowProxy.start(vertx, URI.create(OpenSearchProcess.shared().uri()).getPort());
    return super.configure(config).put(ConfigKeys.SEARCH_URI, "http://127.0.0.1:" + proxy.port());
  }

  @AfterEach
  void closeProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  @DisplayName("with a search URI, GET /api/v1/search answers from OpenSearch: new messages and edits within 5 s, plain highlights")
  void searchAnswersFromOpenSearch() {
    User ana = user("Ana");
    String room = room(ana, "group");
    String id = sendUntilFound(ana, room, "Rendez-vous à <b>Zürich</b> 東京駅で", "zurich");
    awaitFound(ana, "東京", id);
    awaitFound(ana, "\"rendez vous\"", id);
    JsonObject result = firstResult(ana, "zurich");
    assertThat(result.getJsonArray("highlights").getString(0)).contains("à <b>Zürich</b>");
    HttpResponse<Buffer> indexed = WebClient.create(vertx).getAbs(OpenSearchProcess.shared().uri() + "/" + OpenSearchEngine.MESSAGES + "/_doc/" + id)
        .send().await();
    assertThat(indexed.statusCode()).as("the message's document in OpenSearch").isEqualTo(200);

    edit(ana, room, id, "moved to Genève");
    awaitFound(ana, "geneve", id);
    awaitFound(ana, "zurich");
  }

  @Test
  @DisplayName("OpenSearch out of reach: search answers 503 unavailable and the ready check shows search DOWN")
  void openSearchOutOfReachIs503AndHealthDown() {
    User ana = user("Ana");
    String room = room(ana, "group");
    sendUntilFound(ana, room, "reachable", "reachable");
    assertThat(http.get("/health/ready").send().await().statusCode()).isEqualTo(200);

    proxy.close();
    proxy = null;

    assertError(search(ana, Map.of("q", "reachable")), 503, "unavailable");
    HttpResponse<Buffer> health = http.get("/health/ready").send().await();
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.bodyAsString()).contains("search");
  }
}
