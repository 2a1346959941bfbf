package io.confab.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The real services the suite runs against, on loopback. bin/services (called by bin/test and CI)
 * installs and starts them; a test that finds one missing fails with a message saying so.
 */
public final class LocalServices {

  public static final String REDIS_URI = "redis://127.0.0.1:6379";
  public static final String AMQP_URI = "amqp://guest:guest@127.0.0.1:5672";

  public static void requireRedis() {
    require("Redis", 6379);
  }

  public static void requireRabbitMq() {
    require("RabbitMQ", 5672);
  }

  private static void require(String name, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
    } catch (IOException e) {
      throw new IllegalStateException(name + " does not answer on 127.0.0.1:" + port + ": run bin/services (bin/test does)", e);
    }
  }

  private LocalServices() {
  }
}
