package io.confab.testing;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.confab.base.StoreConfig;
import io.confab.contract.ConfigKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real MongoDB wire-protocol server in memory on a free loopback port: the same vertx-mongo-client
 * code paths as production, without a MongoDB installation (which this machine cannot have). It can be
 * stopped and started again on the same port with its data, as a restarted MongoDB would be, and it can
 * record the queries it serves ({@link #recordQueries}).
 */
public final class TestMongo implements AutoCloseable {

  private final MemoryBackend memory = new LockedIndexes();
  /** The recording under way, if any. */
  private final AtomicReference<StoreQueries> recording = new AtomicReference<>();
  /** The memory as the server sees it: a server's shutdown closes its backend, which would drop the data. */
  private final MongoBackend kept = keptOpen(memory, recording);
  private final int port = FreePorts.next();
  private MongoServer server;

  public TestMongo() {
    start();
  }

  public String uri() {
    return "mongodb://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** A deployment config pointing at this server and at the local Redis. */
  public JsonObject deploymentConfig() {
    return new JsonObject()
        .put(ConfigKeys.MONGO_URI, uri())
        .put(ConfigKeys.MONGO_DATABASE, "confab_test")
        .put(ConfigKeys.REDIS_URI, LocalServices.REDIS_URI);
  }

  /**
   * A verified account in {@code language}, stored as the auth verticle stores one, with no session: its
   * id. For tests that do not sign up (two Argon2 hashes) and mint their own tokens or ask over the bus.
   */
  public String verifiedUser(Vertx vertx, String name, String language) {
    String id = UUID.randomUUID().toString();
    MongoClient client = MongoClient.create(vertx, StoreConfig.mongo(deploymentConfig()));
    client.insert("users", new JsonObject().put("_id", id).put("email", id + "@example.org").put("displayName", name)
        .put("displayNameLower", name.toLowerCase(Locale.ROOT)).put("language", language).put("verified", true)
        .put("totpEnabled", false)).await();
    client.close().await();
    return id;
  }

  /**
   * Records from now on, until the recording is closed, what each collection is asked (one recording at a
   * time: a new one ends the one before).
   */
  public StoreQueries recordQueries() {
    StoreQueries started = new StoreQueries(recording);
    recording.set(started);
    return started;
  }

  /** Listens again on the same port, with the data it had. */
  public synchronized void start() {
    if (server == null) {
      server = new MongoServer(kept);
      server.bind("127.0.0.1", port);
    }
  }

  /** Stops listening and cuts every client connection, keeping the data. */
  public synchronized void stop() {
    if (server != null) {
      server.shutdownNow();
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
    memory.close();
  }

  /**
   * mongo-java-server's memory backend, each collection's indexes added and dropped under the lock its
   * commands take, as the embedded store's are (EmbeddedMongo): the stock collection changes its list of
   * indexes unlocked, so a query while a verticle created its indexes could fail with a
   * ConcurrentModificationException ("Unknown error").
   */
  private static final class LockedIndexes extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
      return new MemoryDatabase(databaseName, getCursorRegistry()) {
        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
          return new MemoryCollection(this, collectionName, options, cursorRegistry) {
            @Override
            public synchronized void addIndex(Index<Integer> index) {
              super.addIndex(index);
            }

            @Override
            public synchronized void dropIndex(String indexName) {
              super.dropIndex(indexName);
            }
          };
        }
      };
    }
  }

  /** Also hands each OP_MSG command (every command of the MongoDB driver past its handshake) to the recording. */
  private static MongoBackend keptOpen(MongoBackend backend, AtomicReference<StoreQueries> recording) {
    return (MongoBackend) Proxy.newProxyInstance(MongoBackend.class.getClassLoader(), new Class<?>[] {MongoBackend.class},
        (proxy, method, args) -> {
          if ("close".equals(method.getName()) && method.getParameterCount() == 0) {
            return null;
          }
          StoreQueries queries = recording.get();
          if (queries != null && "handleMessage".equals(method.getName()) && args[0] instanceof MongoMessage message) {
            queries.heard(message.getDocument());
          }
          try {
            return method.invoke(backend, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
