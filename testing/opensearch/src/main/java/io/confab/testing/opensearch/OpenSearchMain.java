package io.confab.testing.opensearch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.http.HttpServerTransport;

/**
 * Runs a one-node OpenSearch until its standard input closes (the parent JVM ended), started by
 * {@link OpenSearchProcess}: bound to 127.0.0.1 only, HTTP and transport on free ports, no discovery
 * beyond itself, data and logs under the directory given. Writes the HTTP URI to {@code http.uri} there
 * once the cluster is yellow.
 */
public final class OpenSearchMain {

  public static void main(String[] args) {
    try {
      run(Path.of(args[0]).toAbsolutePath());
      System.exit(0);
    } catch (Throwable e) {
      // OpenSearch's own threads would keep a failed JVM alive: end it so the parent sees the failure.
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(Path base) throws IOException {
    OpenSearchRunner runner = new OpenSearchRunner();
    runner.onBuild((index, settings) -> settings
        .put("network.host", "127.0.0.1")
        .put("http.port", "0")
        .put("transport.port", "0")
        .put("discovery.type", "single-node")
        // A busy build disk must not turn the test's indexes read-only.
        .put("cluster.routing.allocation.disk.threshold_enabled", false));
    runner.build(new OpenSearchRunner.Configs().basePath(base.toString()).numOfNode(1).clusterName("confab-test")
        // Only what Confab's engine uses (the analysis filters, HTTP): a lighter, faster node than all modules.
        .moduleTypes("org.opensearch.analysis.common.CommonAnalysisPlugin,org.opensearch.transport.Netty4Plugin"));
    runner.ensureYellow();
    String uri = "http://" + runner.node().injector().getInstance(HttpServerTransport.class)
        .boundAddress().publishAddress();
    Path tmp = base.resolve("http.uri.tmp");
    Files.writeString(tmp, uri);
    Files.move(tmp, base.resolve(OpenSearchProcess.URI_FILE), StandardCopyOption.ATOMIC_MOVE);
    while (System.in.read() >= 0) {
      // Only the end of input matters: the parent closed it or died.
    }
    runner.close();
  }

  private OpenSearchMain() {
  }
}
