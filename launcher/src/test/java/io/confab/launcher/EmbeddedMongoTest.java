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
import java.util.ArrayList;
import java.util.List;
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
  @DisplayName("a document refused by one unique index leaves none of its keys in the indexes before it, so they can be taken at once")
  void refusedDocumentTakesBackItsKeys(Vertx vertx) {
    String file = dir.resolve("refused.mv.db").toString();
    serve(vertx, () -> new EmbeddedMongo(file), mongo -> {
      mongo.createIndexWithOptions("messages", ROOM_SEQ, new IndexOptions().unique(true).name("room_seq")).await();
      mongo.createIndexWithOptions("messages", new JsonObject().put("fileId", 1), new IndexOptions().name("files")).await();
      mongo.createIndexWithOptions("messages", new JsonObject().put("room", 1).put("clientMsgId", 1),
          new IndexOptions().unique(true).name("room_client")).await();
      mongo.insert("messages", message("m1", "r1", 1).put("clientMsgId", "c1")).await();

      // taken in the last index: its _id and (room, seq) were put before the refusal
      assertThat(refusal(mongo, message("m2", "r1", 2).put("clientMsgId", "c1"))).isTrue();
      mongo.insert("messages", message("m2", "r1", 2).put("clientMsgId", "c2")).await();
      // taken in the first (_id)
      assertThat(refusal(mongo, message("m1", "r1", 3).put("clientMsgId", "c3"))).isTrue();
      mongo.insert("messages", message("m3", "r1", 3).put("clientMsgId", "c3")).await();

      assertThat(mongo.find("messages", new JsonObject()).await()).extracting(found -> found.getString("clientMsgId"))
          .containsExactlyInAnyOrder("c1", "c2", "c3");
      assertThat(mongo.findOne("messages", new JsonObject().put("room", "r1").put("clientMsgId", "c1"), null).await()
          .getString("_id")).isEqualTo("m1");
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
  @DisplayName("a collection's size, counted when asked, is what the stock backend keeps at every write: after inserts, updates and a delete")
  void dataSizeIsCountedWhenAsked(Vertx vertx) {
    List<Integer> sizes = new ArrayList<>();
    for (Supplier<MongoBackend> backend : List.<Supplier<MongoBackend>>of(() -> new H2Backend(dir.resolve("stock-size.mv.db").toString()),
        () -> new EmbeddedMongo(dir.resolve("size.mv.db").toString()))) {
      serve(vertx, backend, mongo -> {
        for (int seq = 1; seq <= 20; seq++) {
          mongo.insert("rooms", message("r" + seq, "room " + seq, seq)).await();
        }
        mongo.updateCollection("rooms", new JsonObject().put("_id", "r3"),
            new JsonObject().put("$max", new JsonObject().put("seq", 1000L).put("sentSeq.u1", 999L))).await();
        mongo.updateCollection("rooms", new JsonObject().put("_id", "r4"), new JsonObject().put("$set", new JsonObject().put("room", "longer"))).await();
        mongo.removeDocument("rooms", new JsonObject().put("_id", "r5")).await();
        sizes.add(mongo.runCommand("collStats", new JsonObject().put("collStats", "rooms")).await().getInteger("size"));
      });
    }
    assertThat(sizes.get(1)).isPositive().isEqualTo(sizes.get(0));
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
  @DisplayName("index keys and positions are written behind tags of their own (field by field, UTF-8), anything else as the stock type writes it")
  void keysHaveFormsOfTheirOwn() {
    EmbeddedMongo.StoredValues type = new EmbeddedMongo.StoredValues();
    KeyValue key = new KeyValue("r1", 7.0, 9_007_199_254_740_993L, true);
    WriteBuffer buffer = new WriteBuffer();
    type.write(buffer, key);
    int positionAt = buffer.position();
    type.write(buffer, "m1");
    int otherAt = buffer.position();
    type.write(buffer, 42L);
    ByteBuffer written = buffer.getBuffer().flip();
    assertThat(written.get(0)).isEqualTo(EmbeddedMongo.StoredValues.KEY_FIELDS);
    assertThat(key).extracting(field -> fieldTag(type, field)).containsExactly(EmbeddedMongo.StoredValues.FIELD_STRING, EmbeddedMongo.StoredValues.FIELD_DOUBLE,
        EmbeddedMongo.StoredValues.FIELD_LONG, EmbeddedMongo.StoredValues.FIELD_STOCK);
    assertThat(written.get(positionAt)).isEqualTo(EmbeddedMongo.StoredValues.STRING);
    assertThat(written.get(otherAt)).isLessThan(EmbeddedMongo.StoredValues.STRING);
    assertThat(type.read(written)).isEqualTo(key);
    assertThat(type.read(written)).isEqualTo("m1");
    assertThat(type.read(written)).isEqualTo(42L);
    assertThat(written.hasRemaining()).isFalse();
  }

  @Test
  @DisplayName("documents held as their BSON, written one after another behind their tag, a large one among them, each read back as it was")
  void documentsWrittenInTurnReadBackEach() {
    EmbeddedMongo.StoredDocuments type = new EmbeddedMongo.StoredDocuments();
    List<Document> documents = List.of(new Document("_id", "m1").append("text", "a longer line of chat, ñandú 🙂"),
        new Document("_id", "m2").append("text", "x".repeat(200_000)), new Document("_id", "m3"),
        new Document("_id", "m4").append("seq", 4L).append("sender", new Document("id", "u1")));
    WriteBuffer buffer = new WriteBuffer();
    documents.forEach(document -> type.write(buffer, EmbeddedMongo.StoredDocuments.bson(document)));
    ByteBuffer written = buffer.getBuffer().flip();
    assertThat(written.get(0)).isEqualTo(EmbeddedMongo.StoredDocuments.BSON);
    for (Document document : documents) {
      assertThat(EmbeddedMongo.StoredDocuments.document((byte[]) type.read(written))).isEqualTo(document);
    }
    assertThat(written.hasRemaining()).isFalse();
  }

  @Test
  @DisplayName("a document the stock type wrote (Java serialization) is read and held as its BSON")
  void stockDocumentsAreHeldAsBson() {
    Document document = new Document("_id", "m1").append("seq", 7L).append("members", List.of("u1", "u2"));
    WriteBuffer buffer = new WriteBuffer();
    new ObjectDataType().write(buffer, document);
    Object held = new EmbeddedMongo.StoredDocuments().read(buffer.getBuffer().flip());
    assertThat(held).isInstanceOf(byte[].class);
    assertThat(EmbeddedMongo.StoredDocuments.document((byte[]) held)).isEqualTo(document);
  }

  @Test
  @DisplayName("keys of every kind of field read back equal, and keys and positions in the earlier forms (each field as the stock type writes it, numbers too; a position as the stock type writes it) are still read")
  void keysOfEveryFormReadBack() {
    EmbeddedMongo.StoredValues type = new EmbeddedMongo.StoredValues();
    KeyValue key = new KeyValue("r1\n7", "ñandú 日本 🙂", "", 7L, 7, 0.25, 7.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Long.MIN_VALUE, true, null);
    WriteBuffer buffer = new WriteBuffer();
    type.write(buffer, key);
    int stockFieldsAt = buffer.position();
    buffer.put(EmbeddedMongo.StoredValues.KEY).putVarInt(key.size());
    key.forEach(field -> new ObjectDataType().write(buffer, field));
    int numbersInStockFormAt = buffer.position();
    buffer.put(EmbeddedMongo.StoredValues.KEY_FIELDS).putVarInt(key.size());
    key.forEach(field -> new ObjectDataType().write(buffer.put(EmbeddedMongo.StoredValues.FIELD_STOCK), field));
    new ObjectDataType().write(buffer, "m1");
    ByteBuffer written = buffer.getBuffer().flip();
    assertThat(written.get(stockFieldsAt)).isEqualTo(EmbeddedMongo.StoredValues.KEY);
    assertThat(written.get(numbersInStockFormAt)).isEqualTo(EmbeddedMongo.StoredValues.KEY_FIELDS);
    assertThat(type.read(written)).isEqualTo(key);
    assertThat(type.read(written)).isEqualTo(key);
    assertThat(type.read(written)).isEqualTo(key);
    assertThat(type.read(written)).isEqualTo("m1");
    assertThat(written.hasRemaining()).isFalse();
  }

  @Test
  @DisplayName("fields of one kind are ordered as the stock type orders them, and of two kinds as it does too, also as written and read back in every form")
  void fieldsAreOrderedAsTheStockTypeOrdersThem() {
    EmbeddedMongo.StoredValues order = new EmbeddedMongo.StoredValues();
    ObjectDataType stock = new ObjectDataType();
    for (Object a : ORDERED_VALUES) {
      for (Object b : ORDERED_VALUES) {
        assertThat(Integer.signum(order.compare(new KeyValue(a), new KeyValue(b))))
            .as("%s against %s", a, b).isEqualTo(Integer.signum(stock.compare(a, b)));
        assertThat(Integer.signum(order.compare(readBack(order, new KeyValue(a)), readBack(order, new KeyValue(b)))))
            .as("%s against %s, read back", a, b).isEqualTo(Integer.signum(stock.compare(a, b)));
      }
    }
  }

  @Test
  @DisplayName("a key written in the earlier form (its numbers as the stock type writes them) compares with one in the new form as the two keys themselves compare")
  void keysOfTheEarlierFormAreOrderedAmongTheNewOnes() {
    EmbeddedMongo.StoredValues order = new EmbeddedMongo.StoredValues();
    for (Object a : ORDERED_VALUES) {
      for (Object b : ORDERED_VALUES) {
        KeyValue earlier = new KeyValue("r1", a);
        KeyValue later = new KeyValue("r1", b);
        WriteBuffer buffer = new WriteBuffer();
        buffer.put(EmbeddedMongo.StoredValues.KEY_FIELDS).putVarInt(2);
        earlier.forEach(field -> new ObjectDataType().write(buffer.put(EmbeddedMongo.StoredValues.FIELD_STOCK), field));
        Object read = order.read(buffer.getBuffer().flip());
        assertThat(read).isEqualTo(earlier);
        assertThat(Integer.signum(order.compare(read, readBack(order, later))))
            .as("%s against %s", a, b).isEqualTo(Integer.signum(order.compare(earlier, later)));
      }
    }
  }

  /** What a key field holds: strings, and numbers as index keys hold them (Double, or Long beyond a Double's exact range), and others. */
  private static final Object[] ORDERED_VALUES = {"a", "b", "B", "", "ñ", 1L, -3L, Long.MAX_VALUE, Long.MIN_VALUE, 9_007_199_254_740_993L,
      2, -1, 0.5, -0.0, 0.0, 1.0, 7.0, 8.0, 1e300, -1e-300, Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Double.NaN, 9_007_199_254_740_992.0, true, null};

  private static Object readBack(EmbeddedMongo.StoredValues type, KeyValue key) {
    WriteBuffer buffer = new WriteBuffer();
    type.write(buffer, key);
    return type.read(buffer.getBuffer().flip());
  }

  /** The tag a field is written behind, alone in a key (after the key's tag and its count of fields). */
  private static byte fieldTag(EmbeddedMongo.StoredValues type, Object field) {
    WriteBuffer buffer = new WriteBuffer();
    type.write(buffer, new KeyValue(field));
    return buffer.getBuffer().flip().get(2);
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
