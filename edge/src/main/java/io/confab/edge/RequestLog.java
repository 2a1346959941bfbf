package io.confab.edge;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * First handler of every request: gives it an id (the caller's {@code X-Request-Id} when it is sane),
 * echoes the id, sets the security headers, and logs one line when the answer is sent.
 */
public final class RequestLog {

  private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
  private static final String KEY = "requestId";
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  /** Probes and scrapes every few seconds would drown the log. */
  private static final Pattern QUIET_PATHS = Pattern.compile("/health/.*|/metrics");

  public static void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader("X-Request-Id");
    String id = given != null && SANE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.put(KEY, id);
    long start = System.nanoTime();
    ctx.response()
        .putHeader("X-Request-Id", id)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Content-Security-Policy",
            "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'");
    ctx.addEndHandler(done -> LOG.atLevel(QUIET_PATHS.matcher(ctx.normalizedPath()).matches() ? Level.DEBUG : Level.INFO)
        .setMessage("http.request")
        .addKeyValue(KEY, id)
        .addKeyValue("method", ctx.request().method().name())
        .addKeyValue("path", ctx.normalizedPath())
        .addKeyValue("status", ctx.response().getStatusCode())
        .addKeyValue("ms", (System.nanoTime() - start) / 1_000_000)
        .log());
    ctx.next();
  }

  public static String id(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  private RequestLog() {
  }
}
