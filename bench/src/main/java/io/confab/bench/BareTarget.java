package io.confab.bench;

import io.confab.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The bare bridge ({@link BareBridge}) in a JVM of its own, same heap cap as Confab's. */
final class BareTarget extends ProcessTarget {

  private final Path benchJar;
  private final String heap;
  private final int port = FreePorts.next();
  private Process process;

  BareTarget(Path work, Path benchJar, String heap) {
    super(work);
    this.benchJar = benchJar;
    this.heap = heap;
  }

  @Override
  public String name() {
    return "bare Vert.x bridge";
  }

  @Override
  public Dialect dialect() {
    return Dialect.Bridge.BARE;
  }

  @Override
  public void start() {
    process = processes.start("bare-bridge", List.of("java", "-Xmx" + heap, "-XX:+UseG1GC", "-cp", benchJar.toString(),
        BareBridge.class.getName(), String.valueOf(port)), Map.of());
    if (!Processes.awaitReady(process, port, "/health/ready", Duration.ofSeconds(60))) {
      throw new IllegalStateException("the bare bridge did not start");
    }
  }

  @Override
  public List<Integer> ports() {
    return List.of(port);
  }

  /** No auth: users are names. */
  @Override
  public List<Load.User> users(int n) {
    List<Load.User> users = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      users.add(new Load.User("u" + i, ""));
    }
    return users;
  }

  /** No rooms to create: an address per room. */
  @Override
  public List<String> rooms(List<List<Load.User>> members, boolean direct) {
    return Target.names(members.size(), direct);
  }


  @Override
  public Memory memory() {
    return new Memory(Processes.heapAfterGc(process.pid()), Processes.rss(process.pid()));
  }
}
