package io.confab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports nothing listens on right now, on loopback, so tests never collide with a running platform.
 *
 * <p>Taken below the kernel's range of ephemeral ports: a port the kernel hands out for a listener on port
 * 0 comes from that range, and so does the local port of every outgoing connection, so the nodes already
 * started could take it for a connection of theirs before the server it was meant for bound it (a node of
 * {@code NodeLossIT} once failed so: "Port ... is already in use"). Each port is handed out once per JVM,
 * from a random start, and checked free by binding it.
 */
public final class FreePorts {

  private static final int LOWEST = 10_000;
  private static final int ABOVE = ephemeralLow();
  private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(Math.max(1, ABOVE - LOWEST)));

  public static int next() {
    if (ABOVE - LOWEST < 1_000) {
      return ephemeral();
    }
    for (int tried = 0; tried < ABOVE - LOWEST; tried++) {
      int port = LOWEST + Math.floorMod(NEXT.getAndIncrement(), ABOVE - LOWEST);
      if (free(port)) {
        return port;
      }
    }
    return ephemeral();
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static int ephemeral() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first ephemeral port (Linux's setting, else the IANA range's start). */
  private static int ephemeralLow() {
    try {
      return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException unknown) {
      return 49_152;
    }
  }

  private FreePorts() {
  }
}
