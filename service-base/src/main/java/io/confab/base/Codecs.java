package io.confab.base;

import io.confab.contract.ContractException;
import io.vertx.core.Vertx;

/** Confab's own event-bus types: every Vert.x that sends or receives them registers their codecs once. */
public final class Codecs {

  public static void register(Vertx vertx) {
    vertx.eventBus()
        .registerDefaultCodec(ContractException.class, new ContractExceptionCodec())
        .registerDefaultCodec(StreamEvent.class, new StreamEvent.Codec());
  }

  private Codecs() {
  }
}
