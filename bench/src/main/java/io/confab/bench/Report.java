package io.confab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The tables bench/run prints (Markdown, so docs/BENCHMARKS.md can take them as they are). */
final class Report {

  private Report() {
  }

  static String render(Options o, List<Bench.Row> rows) {
    StringBuilder b = new StringBuilder();
    Bench.Row confab = rows.stream().filter(r -> r.name.startsWith("Confab, one")).findFirst().orElse(rows.isEmpty() ? null : rows.get(0));
    line(b, "### Side by side (%s run, %d users, common rate %,d deliveries/s)", o.mode, o.users, o.commonRate);
    line(b, "");
    line(b, "| server | fan-out 100: peak deliveries/s | vs Confab | p99 deliver @ half peak | p99 deliver @ common rate "
        + "| direct rooms: peak deliveries/s | vs Confab | p99 @ half peak | idle socket: heap / RSS | lost / dup (all phases) |");
    line(b, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Bench.Row r : rows) {
      if (r.failure != null && r.fanoutStep == null) {
        line(b, "| %s | could not run: %s | | | | | | | | |", r.name, r.failure.replace('|', '/'));
        continue;
      }
      Workloads.Result common = r.fixed.get("fan-out 100");
      long lost = 0;
      long dup = 0;
      for (Workloads.Result x : r.phases) {
        lost += x.tally().lost();
        dup += x.tally().duplicated();
      }
      line(b, "| %s | %,.0f | %s | %s ms | %s ms | %,.0f | %s | %s ms | %s / %s | %d / %d |", r.name, r.peak(),
          ratio(r.peak(), confab == null ? 0 : confab.peak()),
          r.halfPeak == null ? "-" : Bench.ms(r.halfPeak.deliver(), 99), common == null ? "-" : Bench.ms(common.deliver(), 99),
          r.directPeak(), ratio(r.directPeak(), confab == null ? 0 : confab.directPeak()),
          r.directHalfPeak == null ? "-" : Bench.ms(r.directHalfPeak.deliver(), 99),
          bytes(r.idleHeapPerSocket), bytes(r.idleRssPerSocket), lost, dup);
    }
    List<String> notes = notes(rows);
    if (!notes.isEmpty()) {
      line(b, "");
      notes.forEach(n -> line(b, "%s", n));
    }
    line(b, "");
    line(b, "### Every phase (latencies in ms: send→ack p50/p99, send→deliver p50/p95/p99/max; the wait for a quiet target before it)");
    line(b, "");
    line(b, "| server | phase | offered msg/s | deliveries/s | ack p50 | ack p99 | deliver p50 | p95 | p99 | max | sent | failed | lost | dup | quiet after |");
    line(b, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Bench.Row r : rows) {
      for (Workloads.Result x : r.phases) {
        line(b, "| %s | %s | %,.0f | %,.0f | %s | %s | %s | %s | %s | %s | %d | %d | %d | %d | %.1f s%s |", r.name,
            x.warmUp() && !x.clean() ? "**" + x.workload() + ": incomplete**" : x.workload(), x.offeredMsgs(),
            x.deliveriesPerSecond(), Bench.ms(x.ack(), 50), Bench.ms(x.ack(), 99), Bench.ms(x.deliver(), 50),
            Bench.ms(x.deliver(), 95), Bench.ms(x.deliver(), 99), Bench.ms(x.deliver(), 100), x.tally().messages(),
            x.tally().ackFailed() + x.tally().unacked(), x.tally().lost(), x.tally().duplicated(), x.quiet().seconds(),
            x.quiet().quiet() ? "" : ", **not quiet**");
      }
    }
    line(b, "");
    line(b, "### Idle sockets and slow readers");
    line(b, "");
    line(b, "| server | idle sockets open (failed) | heap after GC with them | closed by server | slow readers | heap before / max during / after | others' p99 deliver |");
    line(b, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Bench.Row r : rows) {
      line(b, "| %s | %,d (%d) | %s | %d | %d | %s / %s / %s | %s ms |", r.name, r.idleOpened, r.idleFailures, mib(r.idleHeapTotal),
          r.idleUnexpectedCloses, r.slowSockets, mib(r.slowHeapBefore), mib(r.slowHeapMax), mib(r.slowHeapAfter),
          r.slow == null ? "-" : Bench.ms(r.slow.deliver(), 99));
    }
    if (confab != null && confab.peak() > 0) {
      line(b, "");
      line(b, "### Targets (issue 9), from this run");
      line(b, "");
      Bench.Row bare = rows.stream().filter(r -> r.name.startsWith("bare")).findFirst().orElse(null);
      Bench.Row peer = rows.stream().filter(r -> r.name.startsWith("Socket.IO")).findFirst().orElse(null);
      if (bare != null && bare.peak() > 0) {
        line(b, "- fan-out 100 peak >= 80 %% of the bare bridge's: %s (%.0f %%)", confab.peak() >= 0.8 * bare.peak() ? "met" : "MISSED",
            100 * confab.peak() / bare.peak());
      }
      if (bare != null && bare.directPeak() > 0) {
        line(b, "- direct-room peak >= 60 %% of the bare bridge's: %s (%.0f %%)",
            confab.directPeak() >= 0.6 * bare.directPeak() ? "met" : "MISSED", 100 * confab.directPeak() / bare.directPeak());
      }
      if (confab.halfPeak != null) {
        long p99 = confab.halfPeak.deliver().getValueAtPercentile(99);
        line(b, "- p99 send→deliver <= 50 ms at half the peak: %s (%.1f ms)", p99 <= 50_000 ? "met" : "MISSED", p99 / 1000.0);
      }
      if (peer != null && peer.peak() > 0) {
        line(b, "- peak >= 2x the Socket.IO peer's: %s (%.1fx)", confab.peak() >= 2 * peer.peak() ? "met" : "MISSED", confab.peak() / peer.peak());
      }
      if (confab.idleHeapPerSocket > 0) {
        long at20k = confab.idleHeapTotal + (20_000L - confab.idleOpened) * confab.idleHeapPerSocket;
        line(b, "- 20,000 authenticated sockets with heap <= 1 GiB: %s (%,d measured, heap after GC %s; at 20,000: about %s)",
            at20k <= (1L << 30) ? "met" : "MISSED", confab.idleOpened, mib(confab.idleHeapTotal), mib(at20k));
      }
    }
    return b.toString();
  }

  /** What the figures above were measured after: an incomplete warm-up, a phase begun on a target that never went quiet. */
  private static List<String> notes(List<Bench.Row> rows) {
    List<String> notes = new ArrayList<>();
    for (Bench.Row r : rows) {
      for (Workloads.Result x : r.phases) {
        Phase.Tally t = x.tally();
        if (x.warmUp() && !x.clean()) {
          notes.add(String.format(Locale.ROOT, "- **%s: %s incomplete**: of %d first messages %d acknowledged, %d failed, %d unanswered; "
                  + "%d of %d deliveries lost%s. The phases after it were measured on rooms that had not all taken their first message.",
              r.name, x.workload(), t.messages(), t.ackedOk(), t.ackFailed(), t.unacked(), t.lost(), t.expected(),
              x.errors().isEmpty() ? "" : "; errors " + x.errors()));
        }
        if (!x.quiet().quiet()) {
          notes.add(String.format(Locale.ROOT, "- **%s: %s began on a busy target**: its CPU stayed above %.0f %% of a core over %d s for the %.0f s waited.",
              r.name, x.workload(), Quiet.SHARE_OF_A_CORE * 100, Quiet.WINDOW.toSeconds(), x.quiet().seconds()));
        }
      }
    }
    return notes;
  }

  private static String ratio(double x, double confab) {
    return confab <= 0 || x <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", x / confab);
  }

  private static String bytes(long n) {
    return n < 0 ? "-" : n < 10_240 ? n + " B" : String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
  }

  private static String mib(long n) {
    return n < 0 ? "-" : String.format(Locale.ROOT, "%,d MiB", n >> 20);
  }

  private static void line(StringBuilder b, String format, Object... args) {
    b.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
