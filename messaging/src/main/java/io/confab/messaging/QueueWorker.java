package io.confab.messaging;

import io.vertx.core.Deployable;

/** A standalone worker behind RabbitMQ, as its health endpoint ({@link WorkerHealth}) sees it. */
public interface QueueWorker extends Deployable {

  /** Connected to the broker with its consumer set up: able to take work now. */
  boolean consuming();
}
