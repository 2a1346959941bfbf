package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.confab.contract.ConfigKeys;
import io.confab.contract.Failures;
import io.confab.contract.StoreConfig;
import io.confab.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class EmbeddedMongoTest {

  private static final JsonObject ROOM_SEQ = new JsonObject().put("room", 1).put("seq", 1);

  @TempDir
  Path dir;

  @Test
  @DisplayName("a unique index refuses a second document with its key, and finds the first by it, also after the file is reopened")
  void uniqueIndexHoldsAcrossReopen(Vertx vertx) {
    String file = dir.resolve("store.mv.db").toString();
    serve(vertx, () -> new EmbeddedMongo(file), mongo -> {
      mongo.createIndexWithOptions("messages", ROOM_SEQ, new IndexOptions().unique(true).name("room_seq")).await();
      mongo.insert("messages", message("m1", "r1", 1)).await();
      mongo.insert("messages", message("m2", "r1", 2)).await();
      assertThat(refusal(mongo, message("m3", "r1", 2))).isTrue();
    });
    serve(vertx, () -> new EmbeddedMongo(file), mongo -> {
      assertThat(refusal(mongo, message("m4", "r1", 1))).isTrue();
      assertThat(mongo.findOne("messages", new JsonObject().put("room", "r1").put("seq", 2L), null).await().getString("_id")).isEqualTo("m2");
      assertThat(mongo.count("messages", new JsonObject()).await()).isEqualTo(2);
    });
  }

  @Test
  @DisplayName("a file the stock H2 backend wrote opens with its unique indexes in force, copied once into the field-by-field order")
  void stockFileIsMigrated(Vertx vertx) {
    String file = dir.resolve("stock.mv.db").toString();
    serve(vertx, () -> new H2Backend(file), mongo -> {
      mongo.createIndexWithOptions("messages", ROOM_SEQ, new IndexOptions().unique(true).name("room_seq")).await();
      for (int seq = 1; seq <= 50; seq++) {
        mongo.insert("messages", message("m" + seq, "r" + seq % 3, seq)).await();
      }
    });
    serve(vertx, () -> new EmbeddedMongo(file), mongo -> {
      assertThat(refusal(mongo, message("again", "r2", 29))).isTrue();
      assertThat(refusal(mongo, message("m7", "elsewhere", 1000))).as("the _id index too").isTrue();
      assertThat(mongo.findOne("messages", new JsonObject().put("room", "r1").put("seq", 31L), null).await().getString("_id")).isEqualTo("m31");
      mongo.insert("messages", message("m51", "r0", 51)).await();
    });
    MVStore store = MVStore.open(file);
    try {
      assertThat(store.getMapNames()).filteredOn(name -> name.contains("._index_"))
          .isNotEmpty().allMatch(name -> name.endsWith(EmbeddedMongo.ORDERED_SUFFIX));
    } finally {
      store.close();
    }
  }

  @Test
  @DisplayName("index keys are equal exactly when every field is, of the same type, and ordered consistently otherwise")
  void keysCompareFieldByField() {
    EmbeddedMongo.KeyOrder order = new EmbeddedMongo.KeyOrder();
    assertThat(order.compare(new KeyValue("r1", 7L), new KeyValue("r1", 7L))).isZero();
    assertThat(order.compare(new KeyValue("r1", 7L), new KeyValue("r1", 8L))).isNegative();
    assertThat(order.compare(new KeyValue("r1", 8L), new KeyValue("r1", 7L))).isPositive();
    assertThat(order.compare(new KeyValue("r1", 7L), new KeyValue("r2", 1L))).isNegative();
    assertThat(order.compare(new KeyValue("r1", 7L), new KeyValue("r1", 7))).isNotZero()
        .isEqualTo(-order.compare(new KeyValue("r1", 7), new KeyValue("r1", 7L)));
    assertThat(order.compare(new KeyValue("r1"), new KeyValue("r1", 7L))).isNegative();
  }

  private static void serve(Vertx vertx, Supplier<MongoBackend> backend, Consumer<MongoClient> use) {
    int port = FreePorts.next();
    MongoServer server = new MongoServer(backend.get());
    server.bind(EmbeddedStores.LOOPBACK, port);
    MongoClient mongo = MongoClient.createShared(vertx, StoreConfig.mongo(new JsonObject()
        .put(ConfigKeys.MONGO_URI, "mongodb://127.0.0.1:" + port)), "embedded-mongo-test-" + port);
    try {
      use.accept(mongo);
    } finally {
      mongo.close().await();
      server.shutdown();
    }
  }

  private static JsonObject message(String id, String room, long seq) {
    return new JsonObject().put("_id", id).put("room", room).put("seq", seq);
  }

  private static boolean refusal(MongoClient mongo, JsonObject document) {
    return Failures.duplicateKey(catchThrowable(() -> mongo.insert("messages", document).await()));
  }
}
