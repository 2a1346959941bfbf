package io.confab.testing.opensearch;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real one-node OpenSearch 2.19 for tests and the benchmark, in a JVM of its own (see this module's
 * pom for why), on loopback. {@link #shared()} starts one per test JVM, stopped when that JVM ends, so
 * every test class of a module run shares a single start (about 15–30 s on 2 busy cores).
 */
public final class OpenSearchProcess implements AutoCloseable {

  static final String URI_FILE = "http.uri";
  private static final Duration BOOT = Duration.ofSeconds(180);
  private static OpenSearchProcess shared;

  private final Process process;
  private final String uri;

  private OpenSearchProcess(Process process, String uri) {
    this.process = process;
    this.uri = uri;
  }

  /** The one node of this JVM, started on first use under {@code target/opensearch}. */
  public static synchronized OpenSearchProcess shared() {
    if (shared == null) {
      shared = start(Path.of("target", "opensearch"), "512m");
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** Starts a node with a fresh data directory {@code baseDir} and waits until it answers. */
  public static OpenSearchProcess start(Path baseDir, String heap) {
    Path base = baseDir.toAbsolutePath();
    try {
      deleteRecursively(base);
      Files.createDirectories(base);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(List.of(java, "-Xms" + heap, "-Xmx" + heap,
          "-cp", classPath(base), OpenSearchMain.class.getName(), base.toString()))
          .redirectErrorStream(true)
          .redirectOutput(base.resolve("opensearch.out").toFile())
          .start();
      return new OpenSearchProcess(process, awaitUri(process, base));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:PORT}, the value of {@code --search-uri}. */
  public String uri() {
    return uri;
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String awaitUri(Process process, Path base) throws IOException {
    Path file = base.resolve(URI_FILE);
    Instant deadline = Instant.now().plus(BOOT);
    while (!Files.exists(file)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("OpenSearch exited with " + process.exitValue() + "; see " + base.resolve("opensearch.out"));
      }
      if (Instant.now().isAfter(deadline)) {
        process.destroyForcibly();
        throw new IllegalStateException("OpenSearch did not start within " + BOOT + "; see " + base.resolve("opensearch.out"));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return Files.readString(file).trim();
  }

  /**
   * OpenSearch's jars and OpenSearchMain alone, copied out under {@code base}: the jar this class came from
   * may be a shaded one (the benchmark's) holding the very libraries OpenSearch must not see.
   */
  private static String classPath(Path base) throws IOException {
    String main = OpenSearchMain.class.getName().replace('.', '/') + ".class";
    Path classes = base.resolve("classes");
    Path copy = classes.resolve(main);
    Files.createDirectories(copy.getParent());
    try (InputStream in = OpenSearchProcess.class.getClassLoader().getResourceAsStream(main);
        InputStream jars = OpenSearchProcess.class.getResourceAsStream("runner.classpath")) {
      if (in == null || jars == null) {
        throw new IllegalStateException("OpenSearchMain or runner.classpath missing: build testing/opensearch with Maven");
      }
      Files.copy(in, copy);
      return classes + File.pathSeparator + new String(jars.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }
}
