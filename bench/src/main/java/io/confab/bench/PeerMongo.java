package io.confab.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The Socket.IO peer's store: the same MongoDB-compatible server Confab's one-JVM default embeds
 * (mongo-java-server on an H2 file), in a process of its own.
 *
 * <p>{@code java -cp confab-bench.jar io.confab.bench.PeerMongo PORT FILE}
 */
public final class PeerMongo {

  public static void main(String[] args) throws InterruptedException {
    MongoServer server = new MongoServer(new H2Backend(args[1]));
    server.bind("127.0.0.1", Integer.parseInt(args[0]));
    System.out.println("peer mongo listening on 127.0.0.1:" + args[0]);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
    Thread.currentThread().join();
  }

  private PeerMongo() {
  }
}
