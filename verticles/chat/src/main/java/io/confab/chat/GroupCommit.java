package io.confab.chat;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit: at most one batch is being written at a time, and whatever arrives meanwhile makes the
 * next batch, up to {@code maxBatch} items. A lone item is written at once; under load, one store round
 * trip serves many items. At most {@code maxWaiting} items wait behind the batch being written: past that
 * a submit is answered 503 {@code unavailable} at once, so an overloaded writer answers instead of queueing
 * without bound. Used from one verticle's event loop only.
 *
 * @param <I> what is submitted
 * @param <O> what each submitter gets back
 */
final class GroupCommit<I, O> {

  /** Items waiting for their batch, at most, unless a test says otherwise: about a second of the direct-room peak's writes. */
  static final int WAITING_MAX = 4_096;

  /** Writes one batch and answers one result per item, in the batch's order. */
  interface Writer<I, O> {
    Future<List<O>> write(List<I> batch);
  }

  private record Waiting<I, O>(I item, Promise<O> promise) {
  }

  private final int maxBatch;
  private final int maxWaiting;
  private final Writer<I, O> writer;
  private final ArrayDeque<Waiting<I, O>> queue = new ArrayDeque<>();
  private boolean writing;

  GroupCommit(int maxBatch, Writer<I, O> writer) {
    this(maxBatch, WAITING_MAX, writer);
  }

  GroupCommit(int maxBatch, int maxWaiting, Writer<I, O> writer) {
    this.maxBatch = maxBatch;
    this.maxWaiting = maxWaiting;
    this.writer = writer;
  }

  Future<O> submit(I item) {
    if (queue.size() >= maxWaiting) {
      return Future.failedFuture(ContractException.of(ErrorCode.UNAVAILABLE));
    }
    Promise<O> promise = Promise.promise();
    queue.add(new Waiting<>(item, promise));
    if (!writing) {
      writeNext();
    }
    return promise.future();
  }

  private void writeNext() {
    writing = true;
    List<Waiting<I, O>> batch = new ArrayList<>();
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      batch.add(queue.poll());
    }
    written(batch.stream().map(Waiting::item).toList()).onComplete(result -> {
      for (int i = 0; i < batch.size(); i++) {
        if (result.succeeded()) {
          batch.get(i).promise().complete(result.result().get(i));
        } else {
          batch.get(i).promise().fail(result.cause());
        }
      }
      if (queue.isEmpty()) {
        writing = false;
      } else {
        writeNext();
      }
    });
  }

  /** The writer's answer; a writer that throws, or answers the wrong count, fails the batch instead of stalling the queue. */
  private Future<List<O>> written(List<I> items) {
    try {
      return writer.write(items).compose(results -> results.size() == items.size() ? Future.succeededFuture(results)
          : Future.failedFuture(new IllegalStateException("batch of " + items.size() + " answered " + results.size())));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
