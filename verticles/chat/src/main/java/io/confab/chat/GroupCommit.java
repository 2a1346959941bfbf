package io.confab.chat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Group commit per key: at most one batch of a key is being written at a time, and whatever arrives
 * meanwhile makes the next batch, up to {@code maxBatch} items. A lone item is written at once; under
 * load, one lock and one store round trip serve many items. At most {@code maxWaiting} items wait per
 * key behind the batch being written: past that a submit fails at once with {@code full}, so an
 * overloaded key answers instead of queueing without bound. Used from one verticle's event loop only.
 *
 * @param <I> what is submitted
 * @param <O> what each submitter gets back
 */
final class GroupCommit<I, O> {

  /** Writes one batch and answers one result per item, in the batch's order. */
  interface Writer<I, O> {
    Future<List<O>> write(String key, List<I> batch);
  }

  private record Waiting<I, O>(I item, Promise<O> promise) {
  }

  private final int maxBatch;
  private final int maxWaiting;
  private final Supplier<? extends RuntimeException> full;
  private final Writer<I, O> writer;
  /** A key is present exactly while a batch of it is being written. */
  private final Map<String, ArrayDeque<Waiting<I, O>>> queues = new HashMap<>();

  GroupCommit(int maxBatch, int maxWaiting, Supplier<? extends RuntimeException> full, Writer<I, O> writer) {
    this.maxBatch = maxBatch;
    this.maxWaiting = maxWaiting;
    this.full = full;
    this.writer = writer;
  }

  Future<O> submit(String key, I item) {
    ArrayDeque<Waiting<I, O>> queue = queues.get(key);
    if (queue != null && queue.size() >= maxWaiting) {
      return Future.failedFuture(full.get());
    }
    Promise<O> promise = Promise.promise();
    boolean idle = queue == null;
    if (idle) {
      queue = new ArrayDeque<>();
      queues.put(key, queue);
    }
    queue.add(new Waiting<>(item, promise));
    if (idle) {
      writeNext(key, queue);
    }
    return promise.future();
  }

  private void writeNext(String key, ArrayDeque<Waiting<I, O>> queue) {
    List<Waiting<I, O>> batch = new ArrayList<>();
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      batch.add(queue.poll());
    }
    written(key, batch.stream().map(Waiting::item).toList()).onComplete(result -> {
      for (int i = 0; i < batch.size(); i++) {
        if (result.succeeded()) {
          batch.get(i).promise().complete(result.result().get(i));
        } else {
          batch.get(i).promise().fail(result.cause());
        }
      }
      if (queue.isEmpty()) {
        queues.remove(key);
      } else {
        writeNext(key, queue);
      }
    });
  }

  /** The writer's answer; a writer that throws, or answers the wrong count, fails the batch instead of stalling the key. */
  private Future<List<O>> written(String key, List<I> items) {
    try {
      return writer.write(key, items).compose(results -> results.size() == items.size() ? Future.succeededFuture(results)
          : Future.failedFuture(new IllegalStateException("batch of " + items.size() + " answered " + results.size())));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
