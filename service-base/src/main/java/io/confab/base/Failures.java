package io.confab.base;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.eventbus.ReplyException;
import java.net.SocketException;
import java.util.concurrent.TimeoutException;

/**
 * The one place where any failure becomes a contract refusal: a refusal stays itself, an owner that runs
 * nowhere is {@code unavailable}, a bus timeout is {@code timeout}, an unreachable store is
 * {@code unavailable}, and everything else is {@code internal} (logged where it happened, never shown).
 */
public final class Failures {

  /** The Redis client's failure of a command in flight when its connection closed (a server never answers that). */
  private static final String REDIS_CONNECTION_CLOSED = "CONNECTION_CLOSED";

  public static ContractException toContract(Throwable failure) {
    if (failure instanceof ContractException refusal) {
      return refusal;
    }
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case NO_HANDLERS -> ContractException.of(ErrorCode.UNAVAILABLE);
        case TIMEOUT -> ContractException.of(ErrorCode.TIMEOUT);
        default -> ContractException.of(ErrorCode.of(reply.getMessage())
            .filter(code -> code.status() == reply.failureCode())
            .orElse(ErrorCode.INTERNAL));
      };
    }
    return ContractException.of(storeUnreachable(failure) ? ErrorCode.UNAVAILABLE : ErrorCode.INTERNAL);
  }

  /**
   * A store that cannot be reached, reset the connection or did not answer in time, from its client's
   * failure (a refused connection is a SocketException too); or whose client has more requests waiting
   * for a connection than it queues (a burst: the store is busy, not broken).
   */
  static boolean storeUnreachable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String name = cause.getClass().getName();
      if (cause instanceof SocketException || cause instanceof TimeoutException
          || name.startsWith("com.mongodb.MongoTimeout") || name.startsWith("com.mongodb.MongoSocket")
          || name.startsWith("com.mongodb.MongoNotPrimary") || name.contains("ClosedChannel")
          || name.endsWith("ConnectionPoolTooBusyException")
          || String.valueOf(cause.getMessage()).contains("Connection refused")
          || REDIS_CONNECTION_CLOSED.equals(cause.getMessage())) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** A MongoDB duplicate key (E11000), the last line of defence of every uniqueness rule. */
  public static boolean duplicateKey(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (String.valueOf(cause.getMessage()).contains("E11000")) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private Failures() {
  }
}
