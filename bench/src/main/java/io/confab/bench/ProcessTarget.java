package io.confab.bench;

import java.nio.file.Path;

/** A target whose servers are processes of its own ({@link Processes}): their CPU is what it used, and closing it stops them. */
abstract class ProcessTarget implements Target {

  final Processes processes;

  ProcessTarget(Path work) {
    this.processes = new Processes(work);
  }

  @Override
  public long cpuMillis() {
    return processes.cpuMillis();
  }

  @Override
  public void close() {
    processes.close();
  }
}
