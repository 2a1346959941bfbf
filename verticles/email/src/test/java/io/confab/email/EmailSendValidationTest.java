package io.confab.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EmailSendValidationTest extends EmailTestBase {

  @BeforeEach
  void deployEmail() {
    deploy(EmailVerticle::new, inProcessConfig());
  }

  private static void assertInvalidRequest(ReplyException refusal) {
    assertThat(refusal.failureCode()).isEqualTo(400);
    assertThat(refusal.getMessage()).isEqualTo("invalid_request");
  }

  @Test
  @DisplayName("email.send with an unknown template answers 400 invalid_request")
  void anUnknownTemplateIsInvalidRequest() {
    assertInvalidRequest(refusal(verifyEmail("ana@example.com", "en", "1").put("template", "welcome")));
  }

  @Test
  @DisplayName("email.send with an object as the address ({\"$gt\": \"\"}) answers 400 invalid_request")
  void anObjectAsTheAddressIsInvalidRequest() {
    assertInvalidRequest(refusal(verifyEmail("ana@example.com", "en", "1").put("to", new JsonObject().put("$gt", ""))));
  }

  @Test
  @DisplayName("email.send with a body that is not a JSON object answers 400 invalid_request")
  void aBodyThatIsNotAnObjectIsInvalidRequest() {
    assertInvalidRequest(refusal("ana@example.com"));
  }
}
