package io.confab.launcher;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB-compatible store: mongo-java-server's H2 backend on a file, with its unique
 * indexes ordered field by field.
 *
 * <p>The stock backend keeps index keys ({@link KeyValue}, not {@link Comparable}) in H2 maps whose
 * {@link ObjectDataType} compares such keys by serializing both with {@code ObjectOutputStream}, at every
 * step of every B-tree search: a quarter of a busy node's CPU (docs/BENCHMARKS.md). Here the keys' fields
 * are compared one by one with H2's own comparison of each field's type, which gives the same equality.
 * The order differs, so these index maps carry a suffix of their own, and a file the stock backend
 * wrote has its index maps copied into them once, when it is opened.
 *
 * <p>{@code java -cp confab.jar io.confab.launcher.EmbeddedMongo PORT FILE} serves a file on its own
 * (the benchmarks give it to their Socket.IO peer, so that both sides use the same store).
 */
public final class EmbeddedMongo extends H2Backend {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);
  /** Added to the stock name of an index map: the map of the same index in field-by-field order. */
  static final String ORDERED_SUFFIX = ".ordered";
  private static final String INDEX_INFIX = "._index_";
  private static final KeyOrder KEY_ORDER = new KeyOrder();

  public EmbeddedMongo(String file) {
    super(MVStore.open(file));
  }

  public static void main(String[] args) throws InterruptedException {
    MongoServer server = new MongoServer(new EmbeddedMongo(args[1]));
    server.bind(EmbeddedStores.LOOPBACK, Integer.parseInt(args[0]));
    LOG.atInfo().setMessage("store.embedded.started").addKeyValue("store", "mongo")
        .addKeyValue("port", args[0]).addKeyValue("file", args[1]).log();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
    Thread.currentThread().join();
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName, getCursorRegistry());
  }

  /** An inner class: the stock constructor opens the indexes, through the override, before a field of its own could be set. */
  private final class Database extends H2Database {

    Database(String databaseName, CursorRegistry cursors) {
      super(databaseName, getMvStore(), cursors);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
      String stockName = getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName;
      MVMap<KeyValue, Object> ordered = getMvStore().openMap(stockName + ORDERED_SUFFIX, new MVMap.Builder<KeyValue, Object>().keyType(KEY_ORDER));
      if (getMvStore().hasMap(stockName)) {
        migrate(getMvStore(), stockName, ordered);
      }
      return new OrderedUniqueIndex(ordered, indexName, keys, sparse);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
      super.dropIndex(collection, indexName);
      getMvStore().removeMap(getFullCollectionNamespace(collection.getCollectionName()) + INDEX_INFIX + indexName + ORDERED_SUFFIX);
    }
  }

  /** Copies a stock index map into its ordered one and then removes it; run again after a crash, it copies again. */
  private static void migrate(MVStore store, String stockName, MVMap<KeyValue, Object> ordered) {
    MVMap<KeyValue, Object> stock = store.openMap(stockName);
    for (Map.Entry<KeyValue, Object> entry : stock.entrySet()) {
      ordered.put(entry.getKey(), entry.getValue());
    }
    long copied = stock.sizeAsLong();
    store.commit();
    store.removeMap(stock);
    store.commit();
    LOG.atInfo().setMessage("store.embedded.index.migrated").addKeyValue("index", stockName).addKeyValue("keys", copied).log();
  }

  /** Index keys compared field by field, each field by H2's comparison of its type; anything else as the stock type does. */
  static final class KeyOrder extends ObjectDataType {

    @Override
    public int compare(Object a, Object b) {
      if (a instanceof KeyValue left && b instanceof KeyValue right) {
        int fields = Math.min(left.size(), right.size());
        for (int i = 0; i < fields; i++) {
          int order = super.compare(left.get(i), right.get(i));
          if (order != 0) {
            return order;
          }
        }
        return Integer.compare(left.size(), right.size());
      }
      return super.compare(a, b);
    }
  }

  /** The stock H2 unique index over a map of the caller's choosing (the stock one opens its own). */
  private static final class OrderedUniqueIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> map;

    OrderedUniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
      super(name, keys, sparse);
      this.map = map;
    }

    @Override
    protected Object removeDocument(KeyValue keyValue) {
      return map.remove(keyValue);
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, Object position) {
      return map.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
      return map.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue keyValue) {
      return map.get(keyValue);
    }

    @Override
    public long getCount() {
      return map.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
      return map.isEmpty();
    }

    @Override
    public long getDataSize() {
      return getCount();
    }
  }
}
