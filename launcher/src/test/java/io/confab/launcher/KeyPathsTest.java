package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The embedded store's unique index finds a document's keys as mongo-java-server's stock index does, over every shape below. */
class KeyPathsTest {

  /** Index keys: plain, nested, through arrays, list positions, compound, and paths the stock code treats specially. */
  private static final List<List<String>> INDEXES = List.of(List.of("a"), List.of("a.id"), List.of("a.id.x"), List.of("a.0"),
      List.of("a.1.id"), List.of("a", "b"), List.of("a", "b.id"), List.of("a.id", "b.id"), List.of("b", "a.id", "c"),
      List.of("a.$"), List.of("a..id"), List.of("a.99999999999"));
  private static final Object ABSENT = new Object();
  /** Where a refusal says the key was taken. */
  private static final MongoCollection<?> COLLECTION = new MemoryBackend().resolveDatabase("confab").createCollectionOrThrowIfExists("messages");

  private final MVStore store = MVStore.open(null);
  private int maps;

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  @DisplayName("a document's keys are the stock index's, normalized alike, for every shape of document (nested, missing, null, arrays of values and of documents, numbers of mixed types), or the same refusal")
  void keysAreTheStockIndexs() {
    for (List<String> keys : INDEXES) {
      AbstractUniqueIndex<Object> ours = ours(keys, false);
      AbstractUniqueIndex<Integer> stock = stock(keys, false);
      for (Document document : documents()) {
        assertThat(outcome(() -> List.copyOf(ours.getKeyValues(document))))
            .as("%s in %s", keys, document).isEqualTo(outcome(() -> List.copyOf(stock.getKeyValues(document))));
      }
    }
  }

  @Test
  @DisplayName("a sparse index leaves out exactly the documents the stock one leaves out, and adds the same keys for the others")
  void sparseIndexesLeaveOutWhatTheStockOneDoes() {
    for (List<String> keys : INDEXES) {
      for (Document document : documents()) {
        assertThat(outcome(() -> added(ours(keys, true), document)))
            .as("%s in %s", keys, document).isEqualTo(outcome(() -> added(stock(keys, true), document)));
      }
    }
  }

  @Test
  @DisplayName("a key taken is refused with the stock error, naming the key as the document holds it, on the check and on the add")
  void aTakenKeyIsRefusedAsTheStockIndexRefusesIt() {
    List<String> keys = List.of("room", "seq");
    Document first = new Document("_id", "m1").append("room", "r1").append("seq", 1L);
    Document again = new Document("_id", "m2").append("room", "r1").append("seq", 1.0);
    AbstractUniqueIndex<Object> ours = ours(keys, false);
    AbstractUniqueIndex<Integer> stock = stock(keys, false);
    ours.add(first, "m1", collection());
    stock.add(first, 1, collection());
    Object refused = outcome(() -> {
      stock.checkAdd(again, collection());
      return null;
    });
    assertThat(refused).asString().contains("E11000", "seq: 1.0");
    assertThat(outcome(() -> {
      ours.checkAdd(again, collection());
      return null;
    })).isEqualTo(refused);
    assertThat(outcome(() -> {
      ours.add(again, "m2", collection());
      return null;
    })).isEqualTo(refused);
  }

  @Test
  @DisplayName("a document refused on one element of its array leaves none of its other elements' keys behind")
  void aRefusedMultikeyDocumentLeavesNoKeyBehind() {
    AbstractUniqueIndex<Object> ours = ours(List.of("revsHeld"), true);
    ours.add(new Document("_id", "m1").append("revsHeld", List.of("r1\n2")), "m1", collection());
    Document clash = new Document("_id", "m2").append("revsHeld", List.of("r1\n3", "r1\n2"));
    assertThat(catchThrowable(() -> ours.add(clash, "m2", collection()))).hasMessageContaining("E11000");
    assertThat(ours.getCount()).isEqualTo(1);
    ours.add(new Document("_id", "m3").append("revsHeld", List.of("r1\n3")), "m3", collection());
    assertThat(ours.getCount()).isEqualTo(2);
  }

  /** Every pair of values for {@code a} and {@code b}, and {@code c} a string; {@link #ABSENT}: the field left out. */
  private static List<Document> documents() {
    List<Object> values = Arrays.asList(ABSENT, null, "s", "", 1, 1L, 1.0, -0.0, 0.0, 9_007_199_254_740_993L, Long.MAX_VALUE,
        Double.NaN, 2.5f, true, new Document("id", "u1").append("n", 2), new Document("id", 1), new Document("id", null),
        new Document("id", new Document("x", 3L)), new Document("0", "zero"), List.of(), List.of("a", "b"), Arrays.asList(1, 1L, 1.0, null),
        List.of(new Document("id", "u1"), new Document("id", "u2")), List.of(new Document("id", "u1"), "x", new Document("other", 1)),
        List.of(List.of(1, 2), List.of(3)), List.of(new Document("id", List.of("a", "b")), new Document("id", "c")),
        List.of(new Document("id", new Document("x", 1)), new Document("id", List.of(new Document("x", 2)))), List.of("only"));
    List<Document> documents = new ArrayList<>();
    for (Object a : values) {
      for (Object b : values) {
        Document document = new Document("_id", documents.size());
        put(document, "a", a);
        put(document, "b", b);
        document.put("c", "c" + documents.size() % 3);
        documents.add(document);
      }
    }
    return documents;
  }

  private static void put(Document document, String field, Object value) {
    if (value != ABSENT) {
      document.put(field, value);
    }
  }

  private AbstractUniqueIndex<Object> ours(List<String> keys, boolean sparse) {
    MVMap<KeyValue, Object> map = store.openMap("index" + maps++, new MVMap.Builder<KeyValue, Object>()
        .keyType(new EmbeddedMongo.StoredValues()).valueType(new EmbeddedMongo.StoredValues()));
    return new EmbeddedMongo.OrderedUniqueIndex(map, "index", indexKeys(keys), sparse);
  }

  private static AbstractUniqueIndex<Integer> stock(List<String> keys, boolean sparse) {
    return new MemoryUniqueIndex("index", indexKeys(keys), sparse);
  }

  private static List<IndexKey> indexKeys(List<String> keys) {
    return keys.stream().map(key -> new IndexKey(key, true)).toList();
  }

  /** How many keys an index holds after adding the document alone, and which. */
  private static <P> Object added(AbstractUniqueIndex<P> index, Document document) {
    @SuppressWarnings("unchecked")
    P position = (P) (Object) 1;
    index.add(document, position, KeyPathsTest.<P>collection());
    return index.getCount() == 0 ? List.of() : List.of(index.getCount(), List.copyOf(index.getKeyValues(document)));
  }

  @SuppressWarnings("unchecked")
  private static <P> MongoCollection<P> collection() {
    return (MongoCollection<P>) COLLECTION;
  }

  /** What a call gave: its value, or its exception's class and message. */
  private static Object outcome(Supplier<Object> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }
}
