package io.confab.launcher;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.Assert;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB-compatible store: mongo-java-server's H2 backend on a file, with its unique
 * indexes ordered field by field and its documents stored as BSON.
 *
 * <p>The stock backend keeps everything under H2's {@link ObjectDataType}, which handles what is not a
 * plain Java type with Java serialization: it compares index keys ({@link KeyValue}, not {@link
 * Comparable}) by serializing both with {@code ObjectOutputStream} at every step of every B-tree search (a
 * quarter of a busy node's CPU), and it writes and reads every document that way, class descriptors
 * included (half of the CPU with many small rooms; docs/BENCHMARKS.md).
 * <ul>
 *   <li>Index keys: their fields are compared one by one, each as H2 orders its type, which gives the
 *       same equality, and written one by one (strings as UTF-8, numbers as their bits, the rest as H2
 *       writes them). The order differs, so these index maps carry a suffix of their own, and a file the
 *       stock backend wrote has its index maps copied into them once, when opened. A document's keys are
 *       found along paths split once per index ({@link KeyPaths}), not again for every document.</li>
 *   <li>Documents: held in memory as their BSON, one array each, and written as it behind a tag the stock
 *       type never writes, so a page may hold both kinds and a stock file is read as it is; its documents
 *       become BSON as they are read ({@link StoredDocuments}, {@link Collection}).</li>
 * </ul>
 * Keys and positions are {@link StoredValues}.
 *
 * <p>{@code java -cp confab.jar io.confab.launcher.EmbeddedMongo PORT FILE} serves a file on its own
 * (the benchmarks give it to their Socket.IO peer, so that both sides use the same store).
 */
public final class EmbeddedMongo extends H2Backend {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);
  /** Added to the stock name of an index map: the map of the same index in field-by-field order. */
  static final String ORDERED_SUFFIX = ".ordered";
  private static final String INDEX_INFIX = "._index_";
  private static final String DATA_PREFIX = "databases.";
  private static final String ID = "_id";
  private static final StoredValues VALUES = new StoredValues();
  private static final StoredDocuments DOCUMENTS = new StoredDocuments();

  /**
   * Changes held in memory before H2 writes them out, besides its commit every second. Each commit rewrites
   * every page changed since the last one whole: with many rooms written, the tail page of each room in
   * each index. The default (1 MB), then 16 MB, filled up several times a second under load, so those pages
   * were rewritten as often (a fifth of the node's CPU at the direct-room peak); at 64 MB the commit every
   * second stays the only one to past 11,000 messages a second (docs/BENCHMARKS.md). A crash loses what came
   * after the last commit either way: at most that second. The cost is heap: up to this much of unsaved
   * pages.
   */
  static final int COMMIT_BUFFER_KB = 64 * 1024;

  public EmbeddedMongo(String file) {
    super(new MVStore.Builder().adoptFileStore(StoreFile.open(file)).autoCommitBufferSize(COMMIT_BUFFER_KB).open());
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

    /** A collection over the stock map of its documents, typed {@link StoredDocuments}. */
    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
      MVMap<Object, byte[]> data = getMvStore().openMap(DATA_PREFIX + getFullCollectionNamespace(collectionName),
          new MVMap.Builder<Object, byte[]>().valueType(DOCUMENTS));
      return new Collection(this, collectionName, options, data, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
      String stockName = getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName;
      MVMap<KeyValue, Object> ordered = getMvStore().openMap(stockName + ORDERED_SUFFIX,
          new MVMap.Builder<KeyValue, Object>().keyType(VALUES).valueType(VALUES));
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

  /**
   * The stock H2 collection's way over the same map, its documents held as their BSON: as objects (a map
   * of a few dozen objects each), every document written since the last commit, and every one in the
   * pages of the cache, was copied by each young collection that found it (the longer part of a busy
   * node's pauses, docs/BENCHMARKS.md); as one array each, a collection copies an array. A document is
   * decoded for each read and encoded for each write, as the stock collection encoded it at each commit.
   * Its indexes are added and dropped under the lock its commands take: the stock collection changes its
   * list of indexes unlocked, so a query at startup, while the verticles create their indexes, could
   * iterate the list as it grew and fail ({@code ConcurrentModificationException}, answered "Unknown
   * error"). A new document's keys are put in one pass ({@link #addDocument}), and the collection's data
   * size is counted when asked, not kept at every write ({@link #tracksDataSize}).
   */
  static final class Collection extends AbstractSynchronizedMongoCollection<Object> {

    private final MVMap<Object, byte[]> data;

    Collection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, byte[]> data, CursorRegistry cursors) {
      super(database, name, options, cursors);
      this.data = data;
    }

    /** Its position is its {@code _id} (a fresh UUID in a collection without one), as the stock collection makes it. */
    @Override
    protected Object addDocumentInternal(Document document) {
      Object position = getIdField() != null ? Utils.getSubdocumentValue(document, getIdField()) : UUID.randomUUID();
      byte[] previous = data.putIfAbsent(Missing.ofNullable(position), StoredDocuments.bson(document));
      Assert.isNull(previous, () -> "Document with key '" + position + "' already existed in " + this);
      return position;
    }

    @Override
    protected Document getDocument(Object position) {
      return StoredDocuments.document(data.get(position));
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
      data.put(Missing.ofNullable(position), StoredDocuments.bson(newDocument));
    }

    @Override
    protected void removeDocument(Object position) {
      if (data.remove(position) == null) {
        throw new NoSuchElementException("No document with key " + position);
      }
    }

    @Override
    protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
      return data.entrySet().stream().map(stored -> new DocumentWithPosition<>(StoredDocuments.document(stored.getValue()), stored.getKey()));
    }

    /** Every document, in the order of their positions or, for {@code $natural: -1}, the reverse. */
    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit, int batchSize, Document fields) {
      Stream<Document> documents = isNaturalDescending(orderBy)
          ? streamAllDocumentsWithPosition().sorted((a, b) -> ValueComparator.desc().compare(a.getPosition(), b.getPosition()))
              .map(DocumentWithPosition::getDocument)
          : data.values().stream().map(StoredDocuments::document);
      return matchDocumentsFromStream(documents, query, orderBy, skip, limit, batchSize, fields);
    }

    @Override
    public int count() {
      return data.size();
    }

    @Override
    public boolean isEmpty() {
      return data.isEmpty();
    }

    /**
     * The stock insert looks every key of the document up in every index, then searches each index again
     * to put it (a message has five keys: the lookups were 7 % of a busy node's CPU). Here each index puts
     * the document's keys, which is its check ({@link OrderedUniqueIndex#add}); an index that finds a key
     * taken has taken back its own, the indexes before it take back theirs, and the document is refused as
     * the stock check refuses it, before it is stored.
     * Its position is its {@code _id}, as the stock collection makes it. A document without an {@code _id},
     * or with an array for one, goes the stock way (which makes or refuses it), and so does a collection with
     * an index of another kind (a non-unique index is an {@link EmptyIndex}, which holds nothing).
     */
    @Override
    public synchronized void addDocument(Document document) {
      Object id = document.get(ID);
      if (id == null || id instanceof java.util.Collection<?> || !ID.equals(getIdField())
          || !getIndexes().stream().allMatch(index -> index instanceof OrderedUniqueIndex || index instanceof EmptyIndex)) {
        super.addDocument(document);
        return;
      }
      List<Index<Object>> added = new ArrayList<>(getIndexes().size());
      try {
        for (Index<Object> index : getIndexes()) {
          index.add(document, id, this);
          added.add(index);
        }
      } catch (RuntimeException refused) {
        added.forEach(index -> index.remove(document));
        throw refused;
      }
      addDocumentInternal(document);
    }

    /**
     * The stock collection keeps its data size at every write: it encodes the document (an update: the old
     * and the new one) in a fresh buffer for its size and puts the sum in the collection's meta map, a
     * changed page each time (an update's two: 3.5 % of all a busy node allocated). Here the size is
     * counted when asked ({@link #getDataSize}); a stock file's meta map keeps the size it had.
     */
    @Override
    protected boolean tracksDataSize() {
      return false;
    }

    /** Never called ({@link #tracksDataSize}). */
    @Override
    protected void updateDataSize(int sizeDelta) {
      throw new UnsupportedOperationException("the data size is counted when asked");
    }

    /** The sum of the documents' BSON sizes, for the statistics commands ({@code collStats}, {@code validate}): rare, and worth a scan. */
    @Override
    protected int getDataSize() {
      long size = data.values().stream().mapToLong(bson -> bson.length).sum();
      return (int) Math.min(size, Integer.MAX_VALUE);
    }

    @Override
    public synchronized void addIndex(Index<Object> index) {
      super.addIndex(index);
    }

    @Override
    public synchronized void dropIndex(String indexName) {
      super.dropIndex(indexName);
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

  /**
   * What the stock backend keeps of its indexes under {@link ObjectDataType} with Java serialization, in
   * forms of its own: keys compared field by field and written field by field, positions as UTF-8. Each
   * behind a tag the stock type never writes, so what a stock file holds is still read; anything else is
   * written as the stock type writes it. H2 sizes its cache and its commits by {@link #getMemory}:
   * estimated here from the key, where the stock type guesses 10 KB for whatever it has not serialized
   * itself.
   */
  static final class StoredValues extends ObjectDataType {

    /** A key whose fields the stock type wrote, one by one (files written before {@link #KEY_FIELDS}: still read). */
    static final byte KEY = 126;
    /** A key whose fields are each behind a tag of its own: {@link #FIELD_STRING}, {@link #FIELD_DOUBLE}, {@link #FIELD_LONG} or {@link #FIELD_STOCK}. */
    static final byte KEY_FIELDS = 125;
    /** A string as UTF-8: an index's value, the position (the {@code _id}) of the document a key names. */
    static final byte STRING = 124;
    /** A string as UTF-8 (H2 writes it a char at a time). */
    static final byte FIELD_STRING = 1;
    /** Anything else, as the stock type writes it (before {@link #FIELD_DOUBLE} and {@link #FIELD_LONG}, numbers too: still read). */
    static final byte FIELD_STOCK = 2;
    /**
     * A key's number: index keys hold numbers normalized to Double (seqs and revs), or Long beyond what a
     * Double holds exactly (never Integer). The bits reversed, as H2 writes a Double: a whole number takes a few bytes.
     */
    static final byte FIELD_DOUBLE = 3;
    static final byte FIELD_LONG = 4;
    /** A field's share of a key's size in memory, roughly: an entry and its value. */
    private static final int BYTES_PER_FIELD = 96;

    @Override
    public int compare(Object a, Object b) {
      if (a instanceof KeyValue left && b instanceof KeyValue right) {
        int fields = Math.min(left.size(), right.size());
        for (int i = 0; i < fields; i++) {
          int order = compareField(left.get(i), right.get(i));
          if (order != 0) {
            return order;
          }
        }
        return Integer.compare(left.size(), right.size());
      }
      return super.compare(a, b);
    }

    /**
     * As the stock type orders two values, without its cost for the common kinds: for every comparison it
     * makes a new typed comparator (most of a busy index's search time). Two values of one of these classes
     * are ordered as that class orders them, which is exactly what the stock type does; anything else goes to it.
     */
    private int compareField(Object a, Object b) {
      if (a instanceof String left && b instanceof String right) {
        return left.compareTo(right);
      }
      if (a instanceof Long left && b instanceof Long right) {
        return left.compareTo(right);
      }
      if (a instanceof Integer left && b instanceof Integer right) {
        return left.compareTo(right);
      }
      if (a instanceof Double left && b instanceof Double right) {
        return left.compareTo(right);
      }
      return super.compare(a, b);
    }

    @Override
    public void write(WriteBuffer buffer, Object value) {
      if (value instanceof KeyValue key) {
        buffer.put(KEY_FIELDS).putVarInt(key.size());
        for (Object field : key) {
          writeField(buffer, field);
        }
      } else if (value instanceof String text) {
        writeString(buffer.put(STRING), text);
      } else {
        super.write(buffer, value);
      }
    }

    /** Strings and numbers in forms of their own (the stock type finds each one's type down a chain of class tests), anything else as the stock type writes it. */
    private void writeField(WriteBuffer buffer, Object field) {
      if (field instanceof String text) {
        writeString(buffer.put(FIELD_STRING), text);
      } else if (field instanceof Double real) {
        buffer.put(FIELD_DOUBLE).putVarLong(Long.reverse(Double.doubleToLongBits(real)));
      } else if (field instanceof Long whole) {
        buffer.put(FIELD_LONG).putLong(whole);
      } else {
        buffer.put(FIELD_STOCK);
        super.write(buffer, field);
      }
    }

    private Object readField(ByteBuffer buffer) {
      return switch (buffer.get()) {
        case FIELD_STRING -> readString(buffer);
        case FIELD_DOUBLE -> Double.longBitsToDouble(Long.reverse(DataUtils.readVarLong(buffer)));
        case FIELD_LONG -> buffer.getLong();
        default -> super.read(buffer);
      };
    }

    /**
     * Its UTF-8 length, then its UTF-8. Ids and most keys are ASCII: those go into the buffer char by char,
     * where ASCII and UTF-8 are the same bytes, without an array of their own (at every commit, every key
     * of every changed index page is written: 3 % of all a busy node allocated).
     */
    private static void writeString(WriteBuffer buffer, String text) {
      if (isAscii(text)) {
        buffer.putVarInt(text.length()).putStringData(text, text.length());
        return;
      }
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      buffer.putVarInt(utf8.length).put(utf8);
    }

    private static boolean isAscii(String text) {
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) >= 0x80) {
          return false;
        }
      }
      return true;
    }

    private static String readString(ByteBuffer buffer) {
      byte[] utf8 = new byte[DataUtils.readVarInt(buffer)];
      buffer.get(utf8);
      return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public Object read(ByteBuffer buffer) {
      byte tag = buffer.get(buffer.position());
      if (tag == KEY || tag == KEY_FIELDS) {
        buffer.get();
        Object[] fields = new Object[DataUtils.readVarInt(buffer)];
        for (int i = 0; i < fields.length; i++) {
          fields[i] = tag == KEY ? super.read(buffer) : readField(buffer);
        }
        return new KeyValue(fields);
      }
      if (tag == STRING) {
        buffer.get();
        return readString(buffer);
      }
      return super.read(buffer);
    }

    @Override
    public int getMemory(Object value) {
      return value instanceof KeyValue ? BYTES_PER_FIELD * (1 + fields(value)) : super.getMemory(value);
    }

    private static int fields(Object value) {
      if (value instanceof Map<?, ?> map) {
        return map.size() + map.values().stream().mapToInt(StoredValues::fields).sum();
      }
      if (value instanceof Iterable<?> list) {
        int count = 0;
        for (Object item : list) {
          count += 1 + fields(item);
        }
        return count;
      }
      return 0;
    }
  }

  /**
   * The values of a collection's map: each document held as its BSON (mongo-java-server's own encoder, the
   * one its wire protocol uses), one array, and written as it behind {@link #BSON}, a tag the stock type
   * never writes (files written since documents were first stored as BSON read as they are). A document
   * the stock type wrote (Java serialization, class descriptors included) is read and held as its BSON.
   */
  static final class StoredDocuments extends ObjectDataType {

    /** Above every tag {@link ObjectDataType} writes (the highest is 119) and apart from {@link StoredValues}' own. */
    static final byte BSON = 127;
    /** An array's header and the reference to it, besides its bytes. */
    private static final int ARRAY_OVERHEAD = 24;
    /** A document's encoding, kept per thread for the next one unless a large document grew it past {@link #BSON_BUFFER_KEPT_MAX}. */
    private static final ThreadLocal<ByteBuf> BSON_BUFFER = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));
    private static final int BSON_BUFFER_KEPT_MAX = 64 * 1024;

    /** The document's BSON, encoded in the buffer the thread keeps (one a document made 2 % of all a busy node allocated). */
    static byte[] bson(Document document) {
      ByteBuf buffer = BSON_BUFFER.get().clear();
      try {
        BsonEncoder.encodeDocument(document, buffer);
        int from = buffer.arrayOffset() + buffer.readerIndex();
        return Arrays.copyOfRange(buffer.array(), from, from + buffer.readableBytes());
      } finally {
        if (buffer.capacity() > BSON_BUFFER_KEPT_MAX) {
          BSON_BUFFER.remove();
        }
      }
    }

    /** A fresh document from its BSON; null for none. */
    static Document document(byte[] bson) {
      return bson == null ? null : BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    @Override
    public void write(WriteBuffer buffer, Object value) {
      if (value instanceof byte[] bson) {
        buffer.put(BSON).put(bson);
      } else {
        super.write(buffer, value);
      }
    }

    /** A BSON document begins with its length, in four little-endian bytes. */
    @Override
    public Object read(ByteBuffer buffer) {
      if (buffer.get(buffer.position()) != BSON) {
        Object stock = super.read(buffer);
        return stock instanceof Document document ? bson(document) : stock;
      }
      buffer.get();
      byte[] bson = new byte[Integer.reverseBytes(buffer.getInt(buffer.position()))];
      buffer.get(bson);
      return bson;
    }

    @Override
    public int getMemory(Object value) {
      return value instanceof byte[] bson ? ARRAY_OVERHEAD + bson.length : super.getMemory(value);
    }
  }

  /**
   * The stock H2 unique index over a map of the caller's choosing (the stock one opens its own), finding a
   * document's keys along paths split once ({@link KeyPaths}; the stock way for a path it leaves alone).
   */
  static final class OrderedUniqueIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> map;
    /** Null: a key's path is left to the stock code. */
    private final KeyPaths paths;

    OrderedUniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
      super(name, keys, sparse);
      this.map = map;
      this.paths = KeyPaths.of(keys);
    }

    @Override
    public Set<KeyValue> getKeyValues(Document document) {
      Set<KeyValue> keys = paths == null ? null : paths.keyValues(document);
      return keys == null ? super.getKeyValues(document) : keys;
    }

    /** The stock check looks each key up as it is normalized; the stock check itself runs only to refuse a key found (its error names the key as written). */
    @Override
    public synchronized void checkAdd(Document document, MongoCollection<Object> collection) {
      Set<KeyValue> keys = keysToAdd(document);
      if (keys == null || keys.stream().anyMatch(this::containsKey)) {
        super.checkAdd(document, collection);
      }
    }

    /**
     * The stock add checks every key again before putting it, though the collection has just checked them
     * all: here putting it is the check, and a key found taken undoes the document's keys put before it and
     * refuses the document as the stock check does.
     */
    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
      Set<KeyValue> keys = keysToAdd(document);
      if (keys == null) {
        super.add(document, position, collection);
        return;
      }
      List<KeyValue> put = new ArrayList<>(keys.size());
      for (KeyValue key : keys) {
        boolean added = putKeyPosition(key, position);
        if (!added) {
          put.forEach(map::remove);
          super.checkAdd(document, collection);
        }
        Assert.isTrue(added, () -> "Key " + key + " already exists. Concurrency issue?");
        put.add(key);
      }
    }

    /** The keys a new document takes (none when this index is sparse and the document has none of its fields); null: the stock way. */
    private Set<KeyValue> keysToAdd(Document document) {
      if (paths == null) {
        return null;
      }
      return isSparse() && paths.noneIn(document) ? Set.of() : paths.keyValues(document);
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
