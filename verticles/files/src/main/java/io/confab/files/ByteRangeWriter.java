package io.confab.files;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.WriteStream;

/** Passes on only the bytes {@code first..last} (inclusive) of what is written to it, with the response's flow control. */
final class ByteRangeWriter implements WriteStream<Buffer> {

  private final HttpServerResponse response;
  private final long first;
  private final long last;
  private long position;

  ByteRangeWriter(HttpServerResponse response, long first, long last) {
    this.response = response;
    this.first = first;
    this.last = last;
  }

  @Override
  public Future<Void> write(Buffer data) {
    long start = position;
    long end = position + data.length();
    position = end;
    if (end <= first || start > last) {
      return Future.succeededFuture();
    }
    int from = (int) Math.max(0, first - start);
    int to = (int) Math.min(data.length(), last + 1 - start);
    return response.write(from == 0 && to == data.length() ? data : data.getBuffer(from, to));
  }

  @Override
  public Future<Void> end() {
    return response.end();
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    response.exceptionHandler(handler);
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    response.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return response.writeQueueFull();
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    response.drainHandler(handler);
    return this;
  }
}
