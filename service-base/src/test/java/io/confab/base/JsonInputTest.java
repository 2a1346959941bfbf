package io.confab.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonInputTest {

  @Test
  @DisplayName("a JSON object body is parsed into its fields")
  void aJsonObjectBodyIsParsed() {
    JsonObject body = JsonInput.object(Buffer.buffer("{\"email\":\"a@example.org\",\"n\":1}"));
    assertThat(body.getString("email")).isEqualTo("a@example.org");
    assertThat(body.getInteger("n")).isEqualTo(1);
  }

  @Test
  @DisplayName("an empty body is an empty object, so bodiless requests validate field by field")
  void anEmptyBodyIsAnEmptyObject() {
    assertThat(JsonInput.object(Buffer.buffer())).isEqualTo(new JsonObject());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{bad", "[1,2]", "\"text\"", "42", "null", "{\"a\":1} trailing", "{\"a\":"})
  @DisplayName("anything but one JSON object is invalid_request")
  void anythingButOneObjectIsInvalid(String text) {
    assertInvalid(() -> JsonInput.object(Buffer.buffer(text)));
  }

  @Test
  @DisplayName("an operator object where a string belongs is invalid_request, never a query")
  void anOperatorWhereAStringBelongsIsInvalid() {
    JsonObject body = new JsonObject().put("email", new JsonObject().put("$gt", ""));
    assertInvalid(() -> JsonInput.string(body, "email", 1, 254));
  }

  @Test
  @DisplayName("string lengths count code points: 4,000 emoji pass, 4,001 do not")
  void lengthsCountCodePoints() {
    String emoji = "\uD83D\uDE00";
    JsonObject ok = new JsonObject().put("text", emoji.repeat(Limits.TEXT_MAX_CODE_POINTS));
    JsonObject tooLong = new JsonObject().put("text", emoji.repeat(Limits.TEXT_MAX_CODE_POINTS + 1));
    assertThat(JsonInput.string(ok, "text", 1, Limits.TEXT_MAX_CODE_POINTS)).hasSize(2 * Limits.TEXT_MAX_CODE_POINTS);
    assertInvalid(() -> JsonInput.string(tooLong, "text", 1, Limits.TEXT_MAX_CODE_POINTS));
  }

  @Test
  @DisplayName("a missing required string is invalid_request; a missing optional one is null")
  void missingStrings() {
    assertInvalid(() -> JsonInput.string(new JsonObject(), "email", 1, 10));
    assertThat(JsonInput.optionalString(new JsonObject(), "name", 1, 10)).isNull();
  }

  @Test
  @DisplayName("numbers come as JSON numbers or digit strings (query parameters), within bounds")
  void numbersWithinBounds() {
    assertThat(JsonInput.optionalLong(new JsonObject().put("limit", "50"), "limit", 1, 200)).isEqualTo(50L);
    assertThat(JsonInput.optionalLong(new JsonObject().put("limit", 7), "limit", 1, 200)).isEqualTo(7L);
    assertThat(JsonInput.optionalLong(new JsonObject(), "limit", 1, 200)).isNull();
    assertInvalid(() -> JsonInput.optionalLong(new JsonObject().put("limit", "201"), "limit", 1, 200));
    assertInvalid(() -> JsonInput.optionalLong(new JsonObject().put("limit", "1e3"), "limit", 1, 200));
    assertInvalid(() -> JsonInput.optionalLong(new JsonObject().put("limit", 1.5), "limit", 1, 200));
    assertInvalid(() -> JsonInput.optionalLong(new JsonObject().put("limit", "99999999999999999999"), "limit", 1, 200));
  }

  private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(ContractException.class, e -> {
          assertThat(e.error()).isEqualTo(ErrorCode.INVALID_REQUEST);
          assertThat(e.failureCode()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo("invalid_request");
        });
  }
}
