package io.confab.bench;

import java.nio.file.Path;
import java.util.List;

/** A server under test: started on loopback, seeded with users and rooms, measured, stopped. */
interface Target extends AutoCloseable {

  /** Heap in use after a full GC and resident set size, bytes, summed over the target's processes. */
  record Memory(long heap, long rss) {
  }

  String name();

  Dialect dialect();

  void start() throws Exception;

  /** The ports its sockets use, one per node; sockets are spread over them. */
  List<Integer> ports();

  /** {@code n} users with tokens (Confab: signed up through its API). */
  List<Load.User> users(int n) throws Exception;

  /** One room per member list, the first member creating it when the server has rooms at all: the ids. */
  List<String> rooms(List<List<Load.User>> members, boolean direct) throws Exception;

  Memory memory();

  /** CPU milliseconds the target's processes have used so far (Processes.cpuMillis). */
  long cpuMillis();

  /** Rooms of servers that need none created: fresh names. */
  static List<String> names(int count, boolean direct) {
    long run = System.nanoTime();
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> (direct ? "d" : "g") + i + "-" + run).toList();
  }

  /** Starts a CPU profile of the server's (first) process, where the target can; null otherwise. */
  default Path profile(Path file) {
    return null;
  }

  default void stopProfile() {
  }

  @Override
  void close();
}
