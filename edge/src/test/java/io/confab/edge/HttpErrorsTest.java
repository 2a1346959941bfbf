package io.confab.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.ErrorCode;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import org.junit.jupiter.api.Test;

class HttpErrorsTest {

  @Test
  void aFormFieldOverTheLimitIsTooLarge() {
    assertThat(HttpErrors.classify(new HttpPostRequestDecoder.TooLongFormFieldException(), 500).error()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(HttpErrors.classify(new HttpPostRequestDecoder.TooManyFormFieldsException(), 500).error()).isEqualTo(ErrorCode.TOO_LARGE);
  }

  @Test
  void aBodyTheCodecCouldNotReadIsAnInvalidRequest() {
    assertThat(HttpErrors.classify(new HttpPostRequestDecoder.ErrorDataDecoderException("broken framing"), 500).error())
        .isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @Test
  void anythingElseUnknownStaysTheServersFailure() {
    assertThat(HttpErrors.classify(new IllegalStateException("a bug"), 500).error()).isEqualTo(ErrorCode.INTERNAL);
  }
}
