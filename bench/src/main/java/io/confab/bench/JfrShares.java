package io.confab.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a Confab node's time went in a JFR recording of bench/run (docs/BENCHMARKS.md, "What limits the
 * peak now"): each execution sample is counted once, in the layer of the frame nearest its top that
 * belongs to one (so the store's work that chat's code calls counts as the store's, and chat's
 * continuations that the MongoDB driver calls count as chat's), plus the JVM's CPU and GC pauses.
 *
 * <pre>java bench/src/main/java/io/confab/bench/JfrShares.java FILE.jfr...</pre>
 */
public final class JfrShares {

  private record Layer(String name, Pattern frames) {
  }

  /** In order: the first layer whose pattern a frame's method matches names it. */
  private static final List<Layer> LAYERS = List.of(
      new Layer("edge: room events to sockets (EventBusBridge.roomEvent)", Pattern.compile("io\\.confab\\.bridge\\.EventBusBridge\\.(roomEvent|writtenEach|written|frame|received)")),
      new Layer("edge: bridge hooks, auth, dispatch (SockJS bridge, Confab's handler)",
          Pattern.compile("io\\.confab\\.(bridge|edge)\\..*|io\\.vertx\\.ext\\.web\\.handler\\.sockjs\\..*|io\\.vertx\\.ext\\.bridge\\..*")),
      new Layer("store: H2 (MVStore)", Pattern.compile("org\\.h2\\..*")),
      new Layer("store: mongo-java-server commands", Pattern.compile("de\\.bwaldvogel\\..*|io\\.confab\\.launcher\\.EmbeddedMongo.*")),
      new Layer("Redis client", Pattern.compile("io\\.vertx\\.redis\\..*")),
      new Layer("chat (Messages, GroupCommit, Rooms, ...)", Pattern.compile("io\\.confab\\.(chat|base)\\..*")),
      new Layer("store: MongoDB driver, vertx-mongo-client", Pattern.compile("com\\.mongodb\\..*|io\\.vertx\\.ext\\.mongo\\..*|org\\.bson\\..*|reactor\\..*")),
      new Layer("event bus (codecs, dispatch), Hazelcast", Pattern.compile("io\\.vertx\\.core\\.eventbus\\..*|com\\.hazelcast\\..*")),
      new Layer("Jackson", Pattern.compile("com\\.fasterxml\\..*")),
      new Layer("metrics", Pattern.compile("io\\.(vertx\\.micrometer|micrometer)\\..*")),
      new Layer("Netty, Vert.x HTTP/WebSocket (sockets' and the wire protocol's I/O)", Pattern.compile("io\\.netty\\..*|io\\.vertx\\.core\\.(http|net)\\..*|sun\\.nio\\..*")));
  private static final String OTHER = "other (JDK, JFR, threads)";

  public static void main(String[] args) throws IOException {
    for (String file : args) {
      print(Path.of(file));
    }
  }

  private static void print(Path file) throws IOException {
    Map<String, Integer> byLayer = new HashMap<>();
    int samples = 0;
    double cpu = 0;
    int cpuReadings = 0;
    Duration paused = Duration.ZERO;
    Instant first = null;
    Instant last = null;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (event.getEventType().getName().equals("jdk.CPULoad")) {
          first = first == null || event.getStartTime().isBefore(first) ? event.getStartTime() : first;
          last = last == null || event.getEndTime().isAfter(last) ? event.getEndTime() : last;
        }
        switch (event.getEventType().getName()) {
          case "jdk.ExecutionSample" -> {
            samples++;
            byLayer.merge(layer(event), 1, Integer::sum);
          }
          case "jdk.CPULoad" -> {
            cpu += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
            cpuReadings++;
          }
          case "jdk.GarbageCollection" -> paused = paused.plus(event.getDuration("sumOfPauses"));
          default -> {
          }
        }
      }
    }
    Duration length = first == null ? Duration.ZERO : Duration.between(first, last);
    int cores = Runtime.getRuntime().availableProcessors();
    double meanCpu = cpuReadings == 0 ? 0 : cpu / cpuReadings;
    System.out.printf("%s: %d s, JVM CPU %.0f %% of %d cores (%.0f CPU-s), GC pauses %.1f s, %d execution samples%n",
        file.getFileName(), length.toSeconds(), 100 * meanCpu, cores, meanCpu * cores * length.toMillis() / 1000.0,
        paused.toMillis() / 1000.0, samples);
    int total = Math.max(1, samples);
    byLayer.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(entry -> System.out.printf("  %5.1f %%  %s%n", 100.0 * entry.getValue() / total, entry.getKey()));
  }

  /** The layer of the frame nearest the top of the sample's stack that has one. */
  private static String layer(RecordedEvent sample) {
    if (sample.getStackTrace() == null) {
      return OTHER;
    }
    boolean delivering = sample.getStackTrace().getFrames().stream().anyMatch(frame -> method(frame).startsWith("io.confab.bridge.EventBusBridge.roomEvent"));
    for (RecordedFrame frame : sample.getStackTrace().getFrames()) {
      String method = method(frame);
      for (Layer layer : LAYERS) {
        if (layer.frames().matcher(method).matches()) {
          // The writes a room event makes are the delivery's cost, not the network's in general.
          return delivering && !layer.name().startsWith("store") && !layer.name().startsWith("Redis") ? LAYERS.get(0).name() : layer.name();
        }
      }
    }
    return OTHER;
  }

  private static String method(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }
}
