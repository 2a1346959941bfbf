package io.confab.bench;

import io.confab.testing.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The processes one target runs: each logged to the work dir and its PID appended to
 * {@code <work>/pids}, so that bench/run's trap stops them even if this JVM dies; stopped in reverse
 * order on close. Also reads a process's memory: RSS from /proc, a JVM's heap after a full GC by jcmd.
 */
final class Processes implements AutoCloseable {

  /** HTTP/1.1 only: Node's server with Socket.IO attached drops the h2c upgrade Java's client tries by default. */
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private final Path work;
  private final List<Process> started = new ArrayList<>();

  Processes(Path work) {
    this.work = work;
  }

  Process start(String name, List<String> command, Map<String, String> env) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(name + ".log").toFile()));
      builder.environment().putAll(env);
      Process process = builder.start();
      started.add(process);
      Files.writeString(work.resolve("pids"), process.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls {@code path} every 250 ms until it answers 200; false when the process died or time ran out. */
  static boolean awaitReady(Process process, int port, String path, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      LocalCluster.sleep(250);
    }
    return false;
  }

  /** Polls every 250 ms until something accepts connections on {@code port}; false when the process died or time ran out. */
  static boolean awaitListening(Process process, int port, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1_000);
        return true;
      } catch (IOException e) {
        LocalCluster.sleep(250);
      }
    }
    return false;
  }

  /**
   * CPU time, user and system, that the processes started here and their children have used so far,
   * in milliseconds: what a phase cost the server, however many other processes shared the cores.
   */
  long cpuMillis() {
    return started.stream().map(Process::toHandle).flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
        .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toMillis).orElse(0L)).sum();
  }

  static long rss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** Heap in use after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}); -1 when unknown. */
  static long heapAfterGc(long pid) {
    jcmd(pid, "GC.run");
    return heapUsed(pid);
  }

  /** Heap in use now, garbage included, without forcing a GC. */
  static long heapUsed(long pid) {
    Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
    return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
  }

  static String jcmd(long pid, String... command) {
    List<String> line = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
    line.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      Process p = started.get(i);
      p.destroy();
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    started.clear();
  }
}
