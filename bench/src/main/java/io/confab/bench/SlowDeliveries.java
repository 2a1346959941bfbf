package io.confab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of a phase's slow deliveries a Confab node's GC pauses explain (docs/BENCHMARKS.md): reads the
 * phase's {@code .slowest} file (each message's intended send time and slowest delivery) and the node's GC
 * log, both in bench/run's work dir, and prints each pause with the slow messages sent while it or the
 * {@code LIMIT_MS} before it lasted, then how many slow messages no pause explains.
 *
 * <pre>java bench/src/main/java/io/confab/bench/SlowDeliveries.java WORK/Confab-one-JVM-direct-half-peak.slowest WORK/confab-node1-gc.log [LIMIT_MS]</pre>
 */
public final class SlowDeliveries {

  /** A unified-logging line with the {@code time} decorator: {@code [2026-12-06T18:27:46.107+0000][info][gc] GC(155) Pause Young ... 91.344ms}. */
  private static final Pattern PAUSE = Pattern.compile("^\\[([^\\]]+)\\].*GC\\(\\d+\\) (Pause [^(]*\\([^)]*\\)).* (\\d+\\.\\d+)ms$");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private record Pause(long endMillis, double millis, String kind) {
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: SlowDeliveries FILE.slowest GC.log [LIMIT_MS]");
      System.exit(2);
    }
    long limitMicros = (args.length > 2 ? Long.parseLong(args[2]) : 50) * 1000;
    List<long[]> messages = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      String[] parts = line.split(" ");
      messages.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
    }
    List<Pause> pauses = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        pauses.add(new Pause(OffsetDateTime.parse(m.group(1), TIME).toInstant().toEpochMilli(), Double.parseDouble(m.group(3)), m.group(2)));
      }
    }
    long first = messages.get(0)[0];
    long last = messages.get(messages.size() - 1)[0];
    long slow = messages.stream().filter(m -> m[1] > limitMicros).count();
    System.out.printf("%,d messages, %,d with a delivery over %d ms (%.2f %%)%n", messages.size(), slow, limitMicros / 1000,
        100.0 * slow / messages.size());
    boolean[] explained = new boolean[messages.size()];
    for (Pause pause : pauses) {
      long from = pause.endMillis() - Math.round(pause.millis()) - limitMicros / 1000;
      if (pause.endMillis() < first || from > last) {
        continue;
      }
      int caught = 0;
      for (int i = 0; i < messages.size(); i++) {
        long[] m = messages.get(i);
        if (m[1] > limitMicros && m[0] >= from && m[0] <= pause.endMillis()) {
          explained[i] = true;
          caught++;
        }
      }
      System.out.printf("  %+8.3f s  %6.1f ms  %-45s %,6d slow sent during it or the %d ms before%n",
          (pause.endMillis() - first) / 1000.0, pause.millis(), pause.kind(), caught, limitMicros / 1000);
    }
    int unexplained = 0;
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i)[1] > limitMicros && !explained[i]) {
        unexplained++;
      }
    }
    System.out.printf("slow and near no pause: %,d%n", unexplained);
  }
}
