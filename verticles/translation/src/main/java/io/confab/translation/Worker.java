package io.confab.translation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The way to the translation worker: a request of the worker's shape ({@code TranslationJob}) in, the
 * worker's reply body out ({@code {id, text, engine}}, {@code {id, pairs}} or {@code {id, error}}).
 * Fails with {@link Unavailable} when no worker can be reached, {@link TimedOut} when none answered in time.
 */
interface Worker {

  Future<Void> start();

  Future<JsonObject> ask(JsonObject job, long timeoutMs);

  Future<Void> close();

  /** No worker to ask: the broker is down, nobody consumes the queue, nobody listens in-process. */
  final class Unavailable extends RuntimeException {
    Unavailable(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Asked, but no answer within the time allowed. */
  final class TimedOut extends RuntimeException {
    TimedOut(long ms) {
      super("no answer from the translation worker within " + ms + " ms", null, false, false);
    }
  }
}
