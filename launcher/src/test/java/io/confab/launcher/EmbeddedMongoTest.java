package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.confab.base.Failures;
import io.confab.base.StoreConfig;
import io.confab.contract.ConfigKeys;
import io.confab.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
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
  @DisplayName("documents are kept as BSON: every kind of value a message or a room holds reads back the same after the file is reopened")
  void documentsKeepEveryValueAcrossReopen(Vertx vertx) {
    String file = dir.resolve("values.mv.db").toString();
    JsonObject stored = new JsonObject().put("_id", "r1").put("text", "ñandú 日本 🙂").put("seq", 9_007_199_254_740_993L)
        .put("count", 3).put("ratio", 0.25).put("open", true).put("gone", (Object) null)
        .put("ts", new JsonObject().put("$date", "2026-12-04T21:00:00Z"))
        .put("sender", new JsonObject().put("id", "u1").put("displayName", "Ada"))
        .put("members", new JsonArray().add("u1").add("u2"))
        .put("attachments", new JsonArray().add(new JsonObject().put("fileId", "f1").put("size", 1024)));
    serve(vertx, () -> new EmbeddedMongo(file), mongo -> mongo.insert("rooms", stored).await());
    serve(vertx, () -> new EmbeddedMongo(file), mongo ->
        assertThat(mongo.findOne("rooms", new JsonObject().put("_id", "r1"), null).await()).isEqualTo(stored));
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
      assertThat(mongo.findOne("messages", new JsonObject().put("room", "r1").put("seq", 31L), null).await()).isEqualTo(message("m31", "r1", 31));
      mongo.insert("messages", message("m51", "r0", 51)).await();
    });
    serve(vertx, () -> new EmbeddedMongo(file), mongo -> assertThat(mongo.find("messages", new JsonObject()).await())
        .as("documents of both kinds, stock and BSON, in one map").hasSize(51).contains(message("m1", "r1", 1), message("m51", "r0", 51)));
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
    EmbeddedMongo.StoredValues order = new EmbeddedMongo.StoredValues();
    assertThat(order.compare(new KeyValue("r1", 7L), new KeyValue("r1", 7L))).isZero();
    assertThat(order.compare(new KeyValue("r1", 7L), new KeyValue("r1", 8L))).isNegative();
    assertThat(order.compare(new KeyValue("r1", 8L), new KeyValue("r1", 7L))).isPositive();
    assertThat(order.compare(new KeyValue("r1", 7L), new KeyValue("r2", 1L))).isNegative();
    assertThat(order.compare(new KeyValue("r1", 7L), new KeyValue("r1", 7))).isNotZero()
        .isEqualTo(-order.compare(new KeyValue("r1", 7), new KeyValue("r1", 7L)));
    assertThat(order.compare(new KeyValue("r1"), new KeyValue("r1", 7L))).isNegative();
  }

  @Test
  @DisplayName("index keys and documents are written behind tags of their own (field by field, BSON), anything else as the stock type writes it")
  void keysAndDocumentsHaveFormsOfTheirOwn() {
    EmbeddedMongo.StoredValues type = new EmbeddedMongo.StoredValues();
    Document document = new Document("_id", "m1").append("seq", 7L).append("sender", new Document("id", "u1"));
    KeyValue key = new KeyValue("r1", 7L);
    WriteBuffer buffer = new WriteBuffer();
    type.write(buffer, document);
    int keyAt = buffer.position();
    type.write(buffer, key);
    type.write(buffer, "a position");
    ByteBuffer written = buffer.getBuffer().flip();
    assertThat(written.get(0)).isEqualTo(EmbeddedMongo.StoredValues.BSON);
    assertThat(written.get(keyAt)).isEqualTo(EmbeddedMongo.StoredValues.KEY_FIELDS);
    assertThat(type.read(written)).isEqualTo(document);
    assertThat(type.read(written)).isEqualTo(key);
    assertThat(type.read(written)).isEqualTo("a position");
    assertThat(written.hasRemaining()).isFalse();
  }

  @Test
  @DisplayName("keys of every kind of field read back equal, and keys in the earlier form (each field as the stock type writes it) are still read")
  void keysOfBothFormsReadBack() {
    EmbeddedMongo.StoredValues type = new EmbeddedMongo.StoredValues();
    KeyValue key = new KeyValue("r1\n7", "ñandú 日本 🙂", "", 7L, 7, 0.25, true, null);
    WriteBuffer buffer = new WriteBuffer();
    type.write(buffer, key);
    int earlierAt = buffer.position();
    buffer.put(EmbeddedMongo.StoredValues.KEY).putVarInt(key.size());
    key.forEach(field -> new ObjectDataType().write(buffer, field));
    ByteBuffer written = buffer.getBuffer().flip();
    assertThat(written.get(earlierAt)).isEqualTo(EmbeddedMongo.StoredValues.KEY);
    assertThat(type.read(written)).isEqualTo(key);
    assertThat(type.read(written)).isEqualTo(key);
    assertThat(written.hasRemaining()).isFalse();
  }

  @Test
  @DisplayName("fields of one kind are ordered as the stock type orders them, and of two kinds as it does too")
  void fieldsAreOrderedAsTheStockTypeOrdersThem() {
    EmbeddedMongo.StoredValues order = new EmbeddedMongo.StoredValues();
    ObjectDataType stock = new ObjectDataType();
    Object[] values = {"a", "b", "B", "", "ñ", 1L, -3L, Long.MAX_VALUE, 2, -1, 0.5, -0.0, 0.0, Double.NaN, true};
    for (Object a : values) {
      for (Object b : values) {
        assertThat(Integer.signum(order.compare(new KeyValue(a), new KeyValue(b))))
            .as("%s against %s", a, b).isEqualTo(Integer.signum(stock.compare(a, b)));
      }
    }
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
