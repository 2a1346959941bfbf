package io.confab.contract;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * A refusal the contract names. It is a {@link ReplyException}, so failing a bus message or a Future with
 * it carries the status and the code unchanged to the edge and through the bridge to the client.
 */
public final class ContractException extends ReplyException {

  private final transient ErrorCode error;

  public ContractException(ErrorCode error) {
    super(ReplyFailure.RECIPIENT_FAILURE, error.status(), error.code(), false);
    this.error = error;
  }

  public ErrorCode error() {
    return error;
  }

  public static ContractException of(ErrorCode error) {
    return new ContractException(error);
  }
}
