package io.confab.base;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;

/** Carries a {@link ContractException} between nodes: code and {@code Retry-After}, nothing else. */
final class ContractExceptionCodec implements MessageCodec<ContractException, ContractException> {

  @Override
  public void encodeToWire(Buffer buffer, ContractException failure) {
    byte[] code = failure.error().code().getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(code.length).appendBytes(code).appendLong(failure.retryAfterSeconds());
  }

  @Override
  public ContractException decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    String code = buffer.getString(pos + 4, pos + 4 + length, "UTF-8");
    long retryAfter = buffer.getLong(pos + 4 + length);
    return new ContractException(ErrorCode.of(code).orElse(ErrorCode.INTERNAL), retryAfter);
  }

  @Override
  public ContractException transform(ContractException failure) {
    return failure;
  }

  @Override
  public String name() {
    return "confab-contract-exception";
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
