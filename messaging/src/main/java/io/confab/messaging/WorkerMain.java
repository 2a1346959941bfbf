package io.confab.messaging;

import io.confab.contract.ConfigKeys;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every standalone worker's {@code main} does: read its options ({@code CONFAB_<NAME>} variables,
 * then {@code --name value} or {@code --name=value}, the command line winning), start a plain
 * (non-clustered) Vert.x with the worker verticle, and close it on SIGTERM. With {@code health-port}, it
 * also serves the worker's probes there ({@link WorkerHealth}).
 */
public final class WorkerMain {

  /** Where the probes are served ({@code /health/live}, {@code /health/ready}); none without it. */
  public static final String HEALTH_PORT = "health-port";

  /** Starts {@code worker}; {@code name} prefixes its log events ({@code <name>.stopped}). Exits 2 on bad options. */
  public static void run(String name, String logbackConfig, List<String> options, Supplier<? extends QueueWorker> worker,
      java.util.function.Function<JsonObject, JsonObject> check, String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", logbackConfig);
    }
    Logger log = LoggerFactory.getLogger(WorkerMain.class);
    JsonObject config;
    try {
      config = check.apply(config(options, System.getenv(), args));
    } catch (IllegalArgumentException e) {
      log.atError().setMessage(name + ".config.invalid").addKeyValue("error", e.getMessage()).log();
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(20, TimeUnit.SECONDS);
        log.atInfo().setMessage(name + ".stopped").log();
      } catch (Exception e) {
        log.atWarn().setMessage(name + ".stop.slow").addKeyValue("error", String.valueOf(e.getMessage())).log();
      }
    }, "confab-" + name + "-shutdown"));
    QueueWorker instance = worker.get();
    vertx.deployVerticle(instance, new DeploymentOptions().setConfig(config))
        .compose(id -> config.containsKey(HEALTH_PORT)
            ? WorkerHealth.start(vertx, Integer.parseInt(config.getString(HEALTH_PORT)), instance)
                .onSuccess(server -> log.atInfo().setMessage(name + ".health.listening").addKeyValue("port", server.actualPort()).log())
            : Future.succeededFuture())
        .onFailure(e -> {
          log.atError().setMessage(name + ".start.failed").addKeyValue("error", String.valueOf(e.getMessage())).setCause(e).log();
          System.exit(1);
        });
  }

  /** The options among {@code options} from the environment, then the command line; a broker is required. */
  public static JsonObject config(List<String> options, Map<String, String> environment, String[] args) {
    JsonObject config = new JsonObject();
    List<String> known = Stream.concat(options.stream(), Stream.of(HEALTH_PORT)).toList();
    for (String option : known) {
      String value = environment.get("CONFAB_" + option.toUpperCase(Locale.ROOT).replace('-', '_'));
      if (value != null && !value.isBlank()) {
        config.put(option, value);
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + arg);
      }
      String name = arg.substring(2);
      String value;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name + "; options: --" + String.join(", --", known));
      }
      if (value.isBlank()) {
        config.remove(name);
      } else {
        config.put(name, value);
      }
    }
    if (config.getString(ConfigKeys.AMQP_URI) == null) {
      throw new IllegalArgumentException("--amqp-uri (or CONFAB_AMQP_URI) is required: a standalone worker consumes its queue");
    }
    return config;
  }

  private WorkerMain() {
  }
}
