package io.confab.bench;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * bench/run: the same generator and workloads against Confab (one JVM, then a two-node cluster), the bare
 * Vert.x bridge and the Socket.IO peer, one after the other on this machine; prints the three-way table.
 * See docs/BENCHMARKS.md.
 */
public final class Bench {

  /** What one target's run measured, for the table. */
  static final class Row {
    final String name;
    String failure;
    int users;
    double signUpSeconds;
    int idleOpened;
    int idleFailures;
    long idleHeapPerSocket = -1;
    long idleRssPerSocket = -1;
    long idleHeapTotal = -1;
    long idleUnexpectedCloses;
    /** Every phase, warm-ups included, in the order it ran. */
    final List<Workloads.Result> phases = new ArrayList<>();
    final Map<String, Workloads.Result> fixed = new LinkedHashMap<>();
    Workloads.Step fanoutStep;
    Workloads.Step directStep;
    Workloads.Result halfPeak;
    Workloads.Result directHalfPeak;
    Workloads.Result slow;
    long slowHeapBefore = -1;
    long slowHeapMax = -1;
    long slowHeapAfter = -1;
    int slowSockets;

    Row(String name) {
      this.name = name;
    }

    double peak() {
      return fanoutStep == null || fanoutStep.peak() == null ? 0 : fanoutStep.peak().deliveriesPerSecond();
    }

    double directPeak() {
      return directStep == null || directStep.peak() == null ? 0 : directStep.peak().deliveriesPerSecond();
    }
  }

  final Options o;
  final List<Row> rows = new ArrayList<>();

  Bench(Options options) {
    this.o = options;
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    Bench bench = new Bench(options);
    bench.run();
    System.exit(0);
  }

  void run() throws Exception {
    System.out.printf(Locale.ROOT, "bench: %s run, targets %s, %d users, idle %d sockets, common rate %d deliveries/s; work dir %s%n",
        o.mode, o.targets, o.users, o.idleSockets, o.commonRate, o.work);
    for (String t : o.targets) {
      Target target = switch (t) {
        case "confab" -> new ConfabTarget(o.work, o.confabJar, 1, "1g", o.nodeJvm, o.writesPerSecond);
        case "cluster" -> new ConfabTarget(o.work, o.confabJar, 2, "1g", o.nodeJvm, o.writesPerSecond);
        case "bare" -> new BareTarget(o.work, o.benchJar, "1g");
        case "socketio" -> new SocketIoTarget(o.work, o.confabJar, o.socketIoDir);
        default -> throw new IllegalArgumentException("unknown target " + t);
      };
      Row row = new Row(target.name());
      rows.add(row);
      System.out.println();
      System.out.println("=== " + target.name());
      try (target) {
        new TargetRun(o, target, row).run();
      } catch (Exception e) {
        row.failure = String.valueOf(e);
        System.out.println("  could not finish: " + e);
        e.printStackTrace(System.out);
      }
    }
    String table = Report.render(o, rows);
    System.out.println();
    System.out.println(table);
    Files.writeString(o.work.resolve("results.md"), table);
    System.out.println("(also in " + o.work.resolve("results.md") + ")");
  }

  static String ms(Histogram h, double percentile) {
    return h == null || h.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", h.getValueAtPercentile(percentile) / 1000.0);
  }
}
