package io.confab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a running node's CPU goes, by thread, read from outside through Linux's {@code /proc} (so it sees
 * what JFR's samples do not: the JIT's compiler threads and the collector's workers run no Java). Every
 * interval it prints each kind of thread's share of a core (digits in names folded, so the event loops
 * are one line), busiest first, until the process ends. Clock ticks are taken as 100 a second (Linux's
 * USER_HZ on the usual builds).
 *
 * <pre>java bench/src/main/java/io/confab/bench/ThreadCpu.java PID [INTERVAL_MS] [LINES]</pre>
 */
public final class ThreadCpu {

  private static final double TICKS_PER_SECOND = 100;

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length < 1) {
      System.err.println("usage: ThreadCpu PID [INTERVAL_MS] [LINES]");
      System.exit(2);
    }
    Path tasks = Path.of("/proc", args[0], "task");
    long interval = args.length > 1 ? Long.parseLong(args[1]) : 5_000;
    int lines = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    Map<String, Long> before = ticksByKind(tasks);
    while (Files.isDirectory(tasks)) {
      Thread.sleep(interval);
      Map<String, Long> now = ticksByKind(tasks);
      Map<String, Double> cores = new HashMap<>();
      now.forEach((kind, ticks) -> cores.put(kind, (ticks - before.getOrDefault(kind, 0L)) / TICKS_PER_SECOND / (interval / 1000.0)));
      double total = cores.values().stream().mapToDouble(Double::doubleValue).sum();
      System.out.printf("%s %.2f cores: %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), total,
          cores.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(lines)
              .map(e -> String.format("%s %.2f", e.getKey(), e.getValue())).collect(Collectors.joining(", ")));
      before.clear();
      before.putAll(now);
    }
  }

  /** Each kind of thread's user and system ticks so far; a thread that ended since is left out (its kind may seem to go back). */
  private static Map<String, Long> ticksByKind(Path tasks) throws IOException {
    Map<String, Long> ticks = new HashMap<>();
    try (Stream<Path> threads = Files.list(tasks)) {
      threads.forEach(thread -> {
        try {
          String stat = Files.readString(thread.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "#");
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
        } catch (IOException | RuntimeException gone) {
          // the thread ended between the listing and the read
        }
      });
    } catch (IOException gone) {
      // the process ended
    }
    return ticks;
  }
}
