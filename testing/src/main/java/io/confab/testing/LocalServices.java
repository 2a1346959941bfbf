package io.confab.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

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

  /**
   * A Redis database of one test platform's own, emptied first: per-address throttles count every request
   * from 127.0.0.1, so a platform sharing database 0 with the suites that ran before it (a generative
   * test asks for hundreds of mails) would find its own requests throttled. Answers its URI.
   */
  public static String emptiedRedisDatabase(int database) {
    requireRedis();
    try (Socket socket = new Socket("127.0.0.1", 6379)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(("SELECT " + database + "\r\nFLUSHDB\r\n").getBytes(StandardCharsets.US_ASCII));
      BufferedReader answers = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      for (int i = 0; i < 2; i++) {
        String answer = answers.readLine();
        if (!"+OK".equals(answer)) {
          throw new IllegalStateException("Redis answered " + answer + " to SELECT/FLUSHDB " + database);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Redis database " + database + " could not be emptied", e);
    }
    return REDIS_URI + "/" + database;
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
