package io.confab.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MailJobTest {

  private static JsonObject request() {
    return new JsonObject().put("to", "ana@example.com").put("template", "verify_email").put("vars", new JsonObject().put("code", "123456"));
  }

  @Test
  @DisplayName("A request becomes the contract's job with a fresh id and the default locale")
  void aRequestBecomesAJobWithAFreshId() {
    JsonObject job = MailJob.fromRequest(request()).toJson();

    assertThat(job.fieldNames()).containsExactlyInAnyOrder("id", "to", "template", "locale", "vars");
    assertThat(job.getString("id")).hasSize(36);
    assertThat(job.getString("locale")).isEqualTo("en");
    assertThat(MailJob.fromJson(job).toJson()).isEqualTo(job);
  }

  @Test
  @DisplayName("A regional or unknown locale falls back to its language or English")
  void localesFallBack() {
    assertThat(MailJob.fromRequest(request().put("locale", "es-MX")).locale()).isEqualTo("es");
    assertThat(MailJob.fromRequest(request().put("locale", "fr")).locale()).isEqualTo("en");
  }

  @Test
  @DisplayName("Unknown templates, non-string fields, bad addresses and oversized vars are invalid_request")
  void malformedRequestsAreInvalid() {
    for (JsonObject bad : new JsonObject[] {
        request().put("template", "welcome"),
        request().put("to", new JsonObject().put("$gt", "")),
        request().put("to", "not-an-address"),
        request().put("to", "a@b.c\r\nBcc: x@y.z"),
        request().put("locale", new JsonObject()),
        request().put("vars", "code"),
        request().put("vars", new JsonObject().put("pad", "x".repeat(MailJob.VARS_MAX_BYTES))),
        request().put("to", "a".repeat(250) + "@b.cd")}) {
      assertThatThrownBy(() -> MailJob.fromRequest(bad)).as(bad.encode().substring(0, Math.min(80, bad.encode().length())))
          .isInstanceOfSatisfying(ContractException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
  }

  @Test
  @DisplayName("A job without an id, or with an id unfit for keys, is not the contract's shape")
  void aJobNeedsATameId() {
    JsonObject job = MailJob.fromRequest(request()).toJson();

    assertThatThrownBy(() -> MailJob.fromJson(job.copy().put("id", null))).isInstanceOf(ContractException.class);
    assertThatThrownBy(() -> MailJob.fromJson(job.copy().put("id", "a b"))).isInstanceOf(ContractException.class);
  }
}
