package io.confab.launcher;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The one-JVM run's stand-ins for stores that were not configured: the MongoDB-compatible server on an
 * H2 file under the data dir ({@link EmbeddedMongo}; other local nodes share it through its port), and Redis
 * where none answers on the default port. Started before Vert.x, on the launcher's thread, and closed after it.
 */
final class EmbeddedStores implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStores.class);
  static final String LOOPBACK = "127.0.0.1";
  static final int DEFAULT_REDIS_PORT = 6379;

  private MongoServer mongo;
  private RedisServer redis;

  /** Fills in what the config leaves empty, starting the stand-ins it needs. */
  NodeConfig complete(NodeConfig config) {
    NodeConfig completed = config;
    if (config.mongoUri() == null) {
      completed = completed.withMongoUri(startMongo(config.dataDir(), config.embeddedMongoPort()));
    }
    if (config.redisUri() == null) {
      completed = completed.withRedisUri(redisOnDefaultPort(config.dataDir()));
    }
    return completed;
  }

  private String startMongo(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data dir " + dataDir, e);
    }
    Path file = dataDir.resolve("mongo.mv.db").toAbsolutePath();
    mongo = new MongoServer(new EmbeddedMongo(file.toString()));
    mongo.bind(LOOPBACK, port);
    LOG.atInfo().setMessage("store.embedded.started").addKeyValue("store", "mongo")
        .addKeyValue("port", port).addKeyValue("file", file.toString()).log();
    return "mongodb://" + LOOPBACK + ":" + port;
  }

  private String redisOnDefaultPort(Path dataDir) {
    String uri = "redis://" + LOOPBACK + ":" + DEFAULT_REDIS_PORT;
    if (answersPing(LOOPBACK, DEFAULT_REDIS_PORT)) {
      LOG.atInfo().setMessage("store.found").addKeyValue("store", "redis").addKeyValue("uri", uri).log();
      return uri;
    }
    try {
      // Redis holds only what expires: no snapshot, no append-only file.
      redis = RedisServer.newRedisServer()
          .bind(LOOPBACK)
          .port(DEFAULT_REDIS_PORT)
          .setting("save \"\"")
          .setting("appendonly no")
          .setting("dir " + dataDir.toAbsolutePath())
          .soutListener(line -> LOG.atDebug().setMessage("store.embedded.output").addKeyValue("line", line).log())
          .serrListener(line -> LOG.atWarn().setMessage("store.embedded.output").addKeyValue("line", line).log())
          .build();
      redis.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded Redis", e);
    }
    LOG.atInfo().setMessage("store.embedded.started").addKeyValue("store", "redis")
        .addKeyValue("port", DEFAULT_REDIS_PORT).log();
    return uri;
  }

  /** A bare RESP PING, so that the probe needs nothing but a socket. */
  static boolean answersPing(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      socket.setSoTimeout(1_000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] answer = in.readNBytes(7);
      return new String(answer, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (mongo != null) {
      mongo.shutdown();
      // MongoServer.shutdown closes the backend, which commits the H2 store to its file.
      LOG.atInfo().setMessage("store.embedded.stopped").addKeyValue("store", "mongo").log();
    }
    if (redis != null) {
      try {
        redis.stop();
      } catch (IOException e) {
        LOG.atWarn().setMessage("store.embedded.stop.failed").addKeyValue("store", "redis").setCause(e).log();
      }
    }
  }
}
