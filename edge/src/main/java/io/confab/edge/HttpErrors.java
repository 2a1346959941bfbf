package io.confab.edge;

import io.confab.base.Failures;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure becomes an HTTP answer in the contract's shape
 * {@code {"error", "message"}}. Nothing of the failure itself (class, text, stack) reaches the client:
 * unexpected ones are logged with the request id and answered {@code internal}.
 */
public final class HttpErrors {

  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  /** Router failure handler: every failed route ends here. */
  public static void handle(RoutingContext ctx) {
    ContractException refusal = classify(ctx.failure(), ctx.statusCode());
    ErrorCode error = refusal.error();
    if (error == ErrorCode.INTERNAL) {
      LOG.atError().setMessage("http.failure").addKeyValue("requestId", RequestLog.id(ctx))
          .addKeyValue("path", ctx.normalizedPath()).setCause(ctx.failure()).log();
    } else {
      LOG.atDebug().setMessage("http.refused").addKeyValue("requestId", RequestLog.id(ctx))
          .addKeyValue("error", error.code()).addKeyValue("cause", String.valueOf(ctx.failure())).log();
    }
    if (refusal.retryAfterSeconds() > 0 && !ctx.response().headWritten()) {
      ctx.response().putHeader("Retry-After", String.valueOf(refusal.retryAfterSeconds()));
    }
    respond(ctx, error);
  }

  public static void respond(RoutingContext ctx, ErrorCode error) {
    if (ctx.response().headWritten()) {
      // Part of an answer is already on the wire: all that is left is to cut it short.
      ctx.request().connection().close();
      return;
    }
    ctx.response()
        .setStatusCode(error.status())
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", error.code()).put("message", error.text()).encode());
  }

  /**
   * A request the HTTP codec could not read (a request line or headers over its limits, a malformed
   * start): answered in the contract's shape, {@code invalid_request} or, for headers, {@code too_large};
   * then the connection closes, since what follows on it cannot be read either.
   */
  public static void invalidRequest(HttpServerRequest request) {
    ErrorCode error = request.decoderResult().cause() instanceof TooLongHttpHeaderException ? ErrorCode.TOO_LARGE : ErrorCode.INVALID_REQUEST;
    LOG.atDebug().setMessage("http.unreadable").addKeyValue("error", error.code())
        .addKeyValue("cause", String.valueOf(request.decoderResult().cause())).log();
    request.response()
        .setStatusCode(error.status())
        .putHeader("Content-Type", "application/json")
        .putHeader("Connection", "close")
        .end(new JsonObject().put("error", error.code()).put("message", error.text()).encode())
        .onComplete(done -> request.connection().close());
  }

  /**
   * Web-layer failures (a body too large, no route) by their status; a form body the codec could not read
   * (a field over the form limit, too many fields: {@code too_large}; broken framing: {@code
   * invalid_request}), the client's; everything else as the bus does.
   */
  static ContractException classify(Throwable failure, int status) {
    if (failure instanceof HttpException http) {
      return ContractException.of(ErrorCode.forStatus(http.getStatusCode()));
    }
    if (failure instanceof DecoderException) {
      return ContractException.of(failure instanceof HttpPostRequestDecoder.TooLongFormFieldException
          || failure instanceof HttpPostRequestDecoder.TooManyFormFieldsException ? ErrorCode.TOO_LARGE : ErrorCode.INVALID_REQUEST);
    }
    return failure == null ? ContractException.of(ErrorCode.forStatus(status)) : Failures.toContract(failure);
  }

  private HttpErrors() {
  }
}
