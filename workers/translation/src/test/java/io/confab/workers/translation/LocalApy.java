package io.confab.workers.translation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** The real Apertium APY the suite translates with, on 127.0.0.1:2737 (bin/services apertium starts it). */
public final class LocalApy {

  public static final String HOST = "127.0.0.1";
  public static final int PORT = 2737;
  public static final String URL = "http://" + HOST + ":" + PORT;

  public static void require() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, PORT), 1_000);
    } catch (IOException e) {
      throw new IllegalStateException("Apertium APY does not answer on " + URL + ": run bin/services (bin/test does)", e);
    }
  }

  private LocalApy() {
  }
}
