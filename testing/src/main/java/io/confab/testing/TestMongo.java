package io.confab.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.confab.contract.ConfigKeys;
import io.vertx.core.json.JsonObject;

/**
 * A real MongoDB wire-protocol server in memory on a free loopback port: the same vertx-mongo-client
 * code paths as production, without a MongoDB installation (which this machine cannot have).
 */
public final class TestMongo implements AutoCloseable {

  private final MongoServer server = new MongoServer(new MemoryBackend());
  private final int port = FreePorts.next();

  public TestMongo() {
    server.bind("127.0.0.1", port);
  }

  public String uri() {
    return "mongodb://127.0.0.1:" + port;
  }

  /** A deployment config pointing at this server and at the local Redis. */
  public JsonObject deploymentConfig() {
    return new JsonObject()
        .put(ConfigKeys.MONGO_URI, uri())
        .put(ConfigKeys.MONGO_DATABASE, "confab_test")
        .put(ConfigKeys.REDIS_URI, LocalServices.REDIS_URI);
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
