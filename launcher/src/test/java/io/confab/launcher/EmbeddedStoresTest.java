package io.confab.launcher;

import static io.confab.contract.ConfigKeys.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.confab.base.StoreConfig;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class EmbeddedStoresTest {

  @TempDir
  Path dataDir;

  @Test
  @DisplayName("the embedded MongoDB keeps what was written across a restart on the same data dir")
  void embeddedMongoPersistsAcrossRestart(Vertx vertx) {
    NodeConfig requested = NodeConfig.from(NodeConfig.DEFAULTS.copy()
        .put(EMBEDDED_MONGO_PORT, FreePorts.next())
        .put(REDIS_URI, LocalServices.REDIS_URI)
        .put(DATA_DIR, dataDir.toString()));

    try (EmbeddedStores stores = new EmbeddedStores()) {
      MongoClient mongo = client(vertx, stores.complete(requested));
      mongo.insert("notes", new JsonObject().put("_id", "n1").put("text", "kept")).await();
      mongo.close().await();
    }

    try (EmbeddedStores stores = new EmbeddedStores()) {
      MongoClient mongo = client(vertx, stores.complete(requested));
      JsonObject found = mongo.findOne("notes", new JsonObject().put("_id", "n1"), null).await();
      mongo.close().await();
      assertThat(found).isNotNull();
      assertThat(found.getString("text")).isEqualTo("kept");
    }
    assertThat(dataDir.resolve("mongo.mv.db")).exists();
  }

  @Test
  @DisplayName("a configured Redis URI is used as given, and no embedded Redis is started")
  void aConfiguredRedisIsUsedAsGiven() {
    NodeConfig requested = NodeConfig.from(NodeConfig.DEFAULTS.copy()
        .put(MONGO_URI, "mongodb://10.0.0.1:27017")
        .put(REDIS_URI, "redis://127.0.0.1:1")
        .put(DATA_DIR, dataDir.toString()));
    try (EmbeddedStores stores = new EmbeddedStores()) {
      NodeConfig completed = stores.complete(requested);
      assertThat(completed.redisUri()).isEqualTo("redis://127.0.0.1:1");
      assertThat(completed.mongoUri()).isEqualTo("mongodb://10.0.0.1:27017");
    }
  }

  private static MongoClient client(Vertx vertx, NodeConfig config) {
    return MongoClient.createShared(vertx, StoreConfig.mongo(config.toDeploymentConfig()), "persistence-test");
  }
}
