package io.confab.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one measured phase of a workload records, from every generator thread at once: per message its
 * intended send time (open loop: latency counts from when the schedule said to send, so a slow server
 * cannot hide behind a late send), how many readers should get it, how many did, and whether it was
 * acknowledged; send→ack and send→deliver latencies in microseconds. Bounded: at most {@code capacity}
 * messages, the rest are not sent and counted as {@code overflow}.
 */
final class Phase {

  static final int ACK_PENDING = 0;
  static final int ACK_OK = 1;
  static final int ACK_FAILED = 2;

  final int number;
  final int capacity;
  private final long[] sentAt;
  private final int[] expected;
  private final AtomicIntegerArray delivered;
  private final AtomicIntegerArray acked;
  /** Per message, its slowest delivery in microseconds. */
  private final AtomicIntegerArray slowest;
  /** Added to a {@link System#nanoTime} reading: nanoseconds since the epoch, to compare with a server's logs. */
  private final long epochNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
  private final AtomicInteger next = new AtomicInteger();
  final Recorder ack = new Recorder(60_000_000L, 3);
  final Recorder deliver = new Recorder(60_000_000L, 3);
  final Histogram ackTotal = new Histogram(60_000_000L, 3);
  final Histogram deliverTotal = new Histogram(60_000_000L, 3);
  final LongAdder deliveries = new LongAdder();
  final LongAdder strays = new LongAdder();
  final LongAdder overflow = new LongAdder();
  final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

  Phase(int number, int capacity) {
    this.number = number;
    this.capacity = capacity;
    this.sentAt = new long[capacity];
    this.expected = new int[capacity];
    this.delivered = new AtomicIntegerArray(capacity);
    this.acked = new AtomicIntegerArray(capacity);
    this.slowest = new AtomicIntegerArray(capacity);
  }

  /** Per message, a line: when it was to be sent (epoch milliseconds) and its slowest delivery (microseconds, 0 if none). */
  void writeSlowest(Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (int i = 0; i < sent(); i++) {
        out.write((sentAt[i] + epochNanos) / 1_000_000L + " " + slowest.get(i) + "\n");
      }
    }
  }

  /** A new message id, or -1 when the phase is full. */
  int open(long intendedNanos, int readers) {
    int id = next.get() < capacity ? next.getAndIncrement() : capacity;
    if (id >= capacity) {
      overflow.increment();
      return -1;
    }
    sentAt[id] = intendedNanos;
    expected[id] = readers;
    return id;
  }

  int sent() {
    return Math.min(next.get(), capacity);
  }

  void acked(int id, boolean ok, String error) {
    if (id < 0 || id >= sent() || !acked.compareAndSet(id, ACK_PENDING, ok ? ACK_OK : ACK_FAILED)) {
      strays.increment();
      return;
    }
    if (ok) {
      ack.recordValue(micros(System.nanoTime() - sentAt[id]));
    } else {
      error(error);
    }
  }

  void delivered(int id) {
    if (id < 0 || id >= sent()) {
      strays.increment();
      return;
    }
    delivered.incrementAndGet(id);
    deliveries.increment();
    long us = micros(System.nanoTime() - sentAt[id]);
    slowest.accumulateAndGet(id, (int) Math.min(Integer.MAX_VALUE, us), Math::max);
    deliver.recordValue(us);
  }

  void error(String code) {
    errors.computeIfAbsent(code == null ? "unknown" : code, c -> new LongAdder()).increment();
  }

  long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  Map<String, Long> errorsByCode() {
    Map<String, Long> byCode = new TreeMap<>();
    errors.forEach((code, n) -> byCode.put(code, n.sum()));
    return byCode;
  }

  /** Deliveries expected of acknowledged messages and not (yet) seen; duplicates beyond the expected. */
  record Tally(long messages, long ackedOk, long ackFailed, long unacked, long expected, long delivered, long lost, long duplicated) {
  }

  Tally tally() {
    long ok = 0;
    long failed = 0;
    long pending = 0;
    long want = 0;
    long got = 0;
    long lost = 0;
    long dup = 0;
    int n = sent();
    for (int i = 0; i < n; i++) {
      int state = acked.get(i);
      int d = delivered.get(i);
      if (state == ACK_OK) {
        ok++;
        want += expected[i];
        got += d;
        lost += Math.max(0, expected[i] - d);
        dup += Math.max(0, d - expected[i]);
      } else if (state == ACK_FAILED) {
        failed++;
      } else {
        pending++;
      }
    }
    return new Tally(n, ok, failed, pending, want, got, lost, dup);
  }

  /** True once every acknowledged message reached all its readers and nothing awaits an answer. */
  boolean settled() {
    Tally t = tally();
    return t.unacked() == 0 && t.lost() == 0;
  }

  /** Moves the interval histograms into the phase totals; returns the interval's {ack, deliver}. */
  Histogram[] interval() {
    Histogram a = ack.getIntervalHistogram();
    Histogram d = deliver.getIntervalHistogram();
    ackTotal.add(a);
    deliverTotal.add(d);
    return new Histogram[] {a, d};
  }

  private static long micros(long nanos) {
    return Math.max(1, Math.min(60_000_000L, nanos / 1_000));
  }
}
