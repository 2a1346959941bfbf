package io.confab.launcher;

import io.confab.auth.AuthVerticle;
import io.confab.bridge.BridgeRoutes;
import io.confab.chat.ChatVerticle;
import io.confab.contract.HttpRoutes;
import io.confab.files.StaticFiles;
import io.confab.email.EmailVerticle;
import io.confab.workers.mail.DevMailbox;
import io.confab.workers.mail.MailWorkerVerticle;
import io.vertx.core.Deployable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What each name of {@code --verticles} runs on a node: verticles on the bus, and routes on the node's
 * HTTP server. The table is the one place a reader learns what a role brings.
 */
final class Roles {

  static List<Supplier<Deployable>> verticles(NodeConfig config) {
    List<Supplier<Deployable>> verticles = new ArrayList<>();
    if (config.runs("auth")) {
      verticles.add(AuthVerticle::new);
    }
    if (config.runs("chat")) {
      verticles.add(ChatVerticle::new);
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

  static List<HttpRoutes> routes(NodeConfig config) {
    List<HttpRoutes> routes = new ArrayList<>();
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
