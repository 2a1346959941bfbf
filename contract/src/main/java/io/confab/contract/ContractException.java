package io.confab.contract;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * A refusal the contract names. It is a {@link ReplyException}: a consumer replies with it (or fails a
 * Future with it) and the status and code reach the edge unchanged, then the HTTP client or, through
 * the bridge, the browser. Its codec (service-base's {@code Codecs}) keeps {@code retryAfter} across the cluster.
 */
public final class ContractException extends ReplyException {

  private final transient ErrorCode error;
  private final long retryAfterSeconds;

  public ContractException(ErrorCode error, long retryAfterSeconds) {
    super(ReplyFailure.RECIPIENT_FAILURE, error.status(), error.code(), false);
    this.error = error;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ErrorCode error() {
    return error;
  }

  /** Seconds the client should wait ({@code Retry-After}); 0 when the refusal says nothing of it. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static ContractException of(ErrorCode error) {
    return new ContractException(error, 0);
  }

  public static ContractException tooManyRequests(long retryAfterSeconds) {
    return new ContractException(ErrorCode.TOO_MANY_REQUESTS, Math.max(1, retryAfterSeconds));
  }
}
