package io.confab.launcher;

import io.confab.auth.AuthVerticle;
import io.confab.bridge.BridgeRoutes;
import io.confab.chat.ChatVerticle;
import io.confab.edge.HttpRoutes;
import io.confab.email.EmailVerticle;
import io.confab.files.FileRoutes;
import io.confab.files.FilesVerticle;
import io.confab.files.StaticFiles;
import io.confab.previews.PreviewVerticle;
import io.confab.search.SearchVerticle;
import io.confab.translation.TranslationVerticle;
import io.confab.workers.mail.DevMailbox;
import io.confab.workers.mail.MailWorkerVerticle;
import io.confab.workers.translation.TranslationWorkerVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What each name of {@code --verticles} runs on a node: verticles on the bus, and routes on the node's
 * HTTP server. The table is the one place a reader learns what a role brings.
 */
final class Roles {

  /** {@code cluster}: the node's cluster manager, by which chat instances find each other's rooms. */
  static List<Supplier<Deployable>> verticles(NodeConfig config, ClusterManager cluster) {
    List<Supplier<Deployable>> verticles = new ArrayList<>();
    if (config.runs("auth")) {
      verticles.add(AuthVerticle::new);
    }
    if (config.runs("chat")) {
      verticles.add(() -> new ChatVerticle(cluster));
    }
    if (config.runs("files")) {
      verticles.add(FilesVerticle::new);
    }
    if (config.runs("search")) {
      verticles.add(SearchVerticle::new);
    }
    if (config.runs("translation")) {
      verticles.add(TranslationVerticle::new);
      if (config.inProcessWorkers()) {
        // No broker: the translation worker runs in-process (one instance: it may start APY itself).
        verticles.add(TranslationWorkerVerticle::new);
      }
    }
    if (config.runs("previews") && config.previewsEnabled()) {
      verticles.add(PreviewVerticle::new);
    }
    if (config.runs("email")) {
      verticles.add(EmailVerticle::new);
      if (config.inProcessWorkers()) {
        // No broker: the same mail worker runs in-process (dev mailbox unless smtp-host is set).
        verticles.add(MailWorkerVerticle::new);
        verticles.add(DevMailbox::new);
      }
    }
    return verticles;
  }

  /** In this order: uploads before the API's small-body handler, and the page last, as the catch-all. */
  static List<HttpRoutes> routes(NodeConfig config) {
    List<HttpRoutes> routes = new ArrayList<>();
    if (config.runs("files")) {
      routes.add(new FileRoutes());
    }
    if (config.runs("bridge")) {
      routes.add(new BridgeRoutes());
    }
    if (config.runs("files")) {
      routes.add(new StaticFiles());
    }
    return routes;
  }

  private Roles() {
  }
}
