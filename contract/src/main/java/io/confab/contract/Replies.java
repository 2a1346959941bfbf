package io.confab.contract;

import io.vertx.core.eventbus.Message;

/** How a consumer refuses a request: the contract's status and code, which the edge and bridge pass on. */
public final class Replies {

  public static void fail(Message<?> request, ErrorCode error) {
    request.fail(error.status(), error.code());
  }

  private Replies() {
  }
}
