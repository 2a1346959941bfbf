package io.confab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.AttackReport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientConfig;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guessing and enumeration against the auth endpoints, from client addresses of their own (each test
 * connects from fresh 127.x.y.z addresses, so the shared Redis's per-address counts are its alone).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuthAttacksTest extends AuthTestBase {

  @RegisterExtension
  static final AttackReport ATTACKS = new AttackReport();

  private static final String WEAK = "password";

  /**
   * A client connecting from a loopback address no other test uses. Through HttpClientConfig: in Vert.x
   * 5.1.6 the local address of HttpClientOptions (so WebClientOptions) is not passed on, and the client
   * connects from 127.0.0.1 whatever it says.
   */
  private WebClient from(String address) {
    HttpClientConfig config = new HttpClientConfig().setDefaultHost("127.0.0.1").setDefaultPort(port);
    config.getTcpConfig().setLocalAddress(SocketAddress.inetSocketAddress(0, address));
    return WebClient.wrap(vertx.httpClientBuilder().with(config).build());
  }

  private static String freshAddress() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
  }

  private static HttpResponse<Buffer> post(WebClient client, String path, JsonObject body) {
    return client.post("/api/v1" + path).sendJsonObject(body).await();
  }

  private static JsonObject credentials(String email, String password) {
    return new JsonObject().put("email", email).put("password", password);
  }

  @Test
  @DisplayName("ten wrong passwords from one address lock the account for that address only: the owner signs in from another")
  void guessingFromOneAddressDoesNotLockTheOwnerOut() {
    String email = newEmail();
    signedIn(email, "Ana");
    WebClient attacker = from(freshAddress());
    for (int i = 0; i < Attempts.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      assertError(post(attacker, "/auth/login", credentials(email, OTHER_PASSWORD)), 401, "invalid_credentials");
    }
    ATTACKS.attack("password guessing, one address", () ->
        assertError(post(attacker, "/auth/login", credentials(email, PASSWORD)), 429, "too_many_requests"));
    assertThat(post(from(freshAddress()), "/auth/login", credentials(email, PASSWORD)).statusCode())
        .as("the owner, from their own address").isEqualTo(200);
  }

  @Test
  @DisplayName("wrong passwords spread over many addresses stop at the account's ceiling of 100")
  void guessingFromManyAddressesHitsTheAccountCeiling() {
    String email = newEmail();
    signedIn(email, "Ana");
    int addresses = Attempts.LOGIN_FAILURES_PER_ACCOUNT / Attempts.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS;
    for (int a = 0; a < addresses; a++) {
      WebClient attacker = from(freshAddress());
      for (int i = 0; i < Attempts.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
        assertError(post(attacker, "/auth/login", credentials(email, OTHER_PASSWORD)), 401, "invalid_credentials");
      }
    }
    ATTACKS.attack("password guessing, many addresses", () ->
        assertError(post(from(freshAddress()), "/auth/login", credentials(email, OTHER_PASSWORD)), 429, "too_many_requests"));
  }

  @Test
  @DisplayName("wrong mail codes from one address, over any emails, verify and reset alike, are refused 429 past 100")
  void wrongCodesFromOneAddressAreThrottled() {
    WebClient guesser = from(freshAddress());
    for (int i = 0; i < Attempts.WRONG_CODES_PER_ADDRESS; i++) {
      String path = i % 2 == 0 ? "/auth/verify" : "/auth/password/reset";
      assertError(post(guesser, path, new JsonObject().put("email", newEmail()).put("code", "123456").put("password", PASSWORD)),
          400, "invalid_code");
    }
    ATTACKS.attack("code guessing", () -> {
      HttpResponse<Buffer> refused = post(guesser, "/auth/verify", new JsonObject().put("email", newEmail()).put("code", "123456"));
      assertError(refused, 429, "too_many_requests");
      assertThat(refused.getHeader("Retry-After")).isNotNull();
    });
    ATTACKS.attack("code guessing", () -> assertError(post(guesser, "/auth/password/reset",
        new JsonObject().put("email", newEmail()).put("code", "123456").put("password", PASSWORD)), 429, "too_many_requests"));
    assertError(post(from(freshAddress()), "/auth/verify", new JsonObject().put("email", newEmail()).put("code", "123456")),
        400, "invalid_code");
  }

  @Test
  @DisplayName("registrations from one address are refused 429 with Retry-After past 100 a minute, weak passwords included")
  void registrationsFromOneAddressAreThrottled() {
    WebClient registrar = from(freshAddress());
    for (int i = 0; i < Attempts.REGISTRATIONS_PER_ADDRESS; i++) {
      assertError(post(registrar, "/auth/register", credentials(newEmail(), WEAK).put("displayName", "Bot")), 400, "weak_password");
    }
    ATTACKS.attack("registration flood", () -> {
      HttpResponse<Buffer> refused = post(registrar, "/auth/register", credentials(newEmail(), PASSWORD).put("displayName", "Bot"));
      assertError(refused, 429, "too_many_requests");
      assertThat(Integer.parseInt(refused.getHeader("Retry-After"))).as("seconds left of the window")
          .isBetween(1, Attempts.REGISTRATION_WINDOW_SECONDS);
    });
  }

  @Test
  @DisplayName("past 50 mails asked from one address, resend and forgot still answer 202 but mail nothing")
  void mailRequestsFromOneAddressStopMailing() throws Exception {
    String email = newEmail();
    signedIn(email, "Ana");
    WebClient bomber = from(freshAddress());
    for (int i = 0; i < Attempts.MAILS_PER_ADDRESS; i++) {
      assertThat(post(bomber, i % 2 == 0 ? "/auth/resend" : "/auth/password/forgot", new JsonObject().put("email", newEmail())).statusCode())
          .isEqualTo(202);
    }
    ATTACKS.tried("mail bombing", 1);
    assertThat(post(bomber, "/auth/password/forgot", new JsonObject().put("email", email)).statusCode()).isEqualTo(202);
    // Barrier: a request from another address, answered after the refused one, mails; by then the refused one would have.
    String other = newEmail();
    signedIn(other, "Bea");
    assertThat(post(from(freshAddress()), "/auth/password/forgot", new JsonObject().put("email", other)).statusCode()).isEqualTo(202);
    lastCode(other, "password_reset");
    assertThat(mailsTo(email, "password_reset").count()).as("no mail past the address's limit").isZero();
    ATTACKS.refused("mail bombing", 1);
  }

  @Test
  @DisplayName("wrong TOTP codes at enable are refused 429 past ten per user, even the right one")
  void totpGuessesAreThrottledPerUser() throws Exception {
    String token = signedIn("Ana").getString("accessToken");
    String secret = post("/auth/totp/setup", token, new JsonObject()).bodyAsJsonObject().getString("secret");
    String wrong = wrongCode(secret);
    for (int i = 0; i < Attempts.SIGNED_IN_GUESSES_PER_USER; i++) {
      assertError(post("/auth/totp/enable", token, new JsonObject().put("code", wrong)), 400, "invalid_code");
    }
    ATTACKS.attack("TOTP guessing", () -> {
      try {
        assertError(post("/auth/totp/enable", token, new JsonObject().put("code", totpNow(secret))), 429, "too_many_requests");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  @DisplayName("wrong TOTP codes at sign-in, with the right password, are refused 429 past ten from one address, even the right code")
  void totpGuessesAtSignInAreThrottled() throws Exception {
    String email = newEmail();
    String token = signedIn(email, "Ana").getString("accessToken");
    String secret = post("/auth/totp/setup", token, new JsonObject()).bodyAsJsonObject().getString("secret");
    assertThat(post("/auth/totp/enable", token, new JsonObject().put("code", totpNow(secret))).statusCode()).isEqualTo(204);
    String wrong = wrongCode(secret);
    WebClient attacker = from(freshAddress());
    for (int i = 0; i < Attempts.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      assertError(post(attacker, "/auth/login", credentials(email, PASSWORD).put("totp", wrong)), 401, "invalid_credentials");
    }
    String right = totpAt(secret, 1); // the enabling code is spent; the next step's would be accepted
    ATTACKS.attack("TOTP guessing at sign-in", () ->
        assertError(post(attacker, "/auth/login", credentials(email, PASSWORD).put("totp", right)), 429, "too_many_requests"));
  }

  /** A six-digit code that is none of the codes accepted now (the current step and one either side). */
  private String wrongCode(String secret) throws Exception {
    List<String> near = List.of(totpAt(secret, -1), totpNow(secret), totpAt(secret, 1));
    String wrong = "000000";
    for (int candidate = 0; near.contains(wrong); candidate++) {
      wrong = String.format("%06d", candidate);
    }
    return wrong;
  }

  @Test
  @DisplayName("wrong old passwords at password change are refused 429 past ten per user")
  void oldPasswordGuessesAreThrottledPerUser() {
    String token = signedIn("Ana").getString("accessToken");
    JsonObject guess = new JsonObject().put("oldPassword", "Wrong-guess-123!").put("password", "Nw5%tRb7&yUi2o");
    for (int i = 0; i < Attempts.SIGNED_IN_GUESSES_PER_USER; i++) {
      assertError(post("/auth/password/change", token, guess), 401, "invalid_credentials");
    }
    ATTACKS.attack("old password guessing", () -> assertError(post("/auth/password/change", token,
        guess.copy().put("oldPassword", PASSWORD)), 429, "too_many_requests"));
  }

  @Test
  @DisplayName("an access token is no refresh token, and a refresh token is no access token")
  void tokensCannotSwapRoles() {
    JsonObject login = signedIn("Ana");
    ATTACKS.attack("token swap", () -> assertError(post("/auth/refresh",
        new JsonObject().put("refreshToken", login.getString("accessToken"))), 401, "invalid_token"));
    ATTACKS.attack("token swap", () -> assertError(get("/me", login.getString("refreshToken")), 401, "unauthorized"));
    ATTACKS.attack("token swap", () -> assertError(post("/auth/logout", login.getString("refreshToken"), new JsonObject()), 401, "unauthorized"));
    assertThat(get("/me", login.getString("accessToken")).statusCode()).as("control: the access token works").isEqualTo(200);
  }

  /**
   * Whether an address has an account must not show in resend's and forgot's answers: status, body and header
   * names alike. How long they take is measured by {@code bench/enumeration-timing}, not judged here.
   */
  @Test
  @DisplayName("resend and forgot answer an address with an account and one without alike: status, body and header names")
  void answersDoNotTellWhetherAnAccountExists() {
    String known = newEmail();
    signedIn(known, "Ana");
    int rounds = 15;
    for (String path : List.of("/auth/resend", "/auth/password/forgot")) {
      WebClient client = from(freshAddress());
      ATTACKS.tried("enumeration", 2 * rounds);
      for (int i = 0; i < rounds; i++) {
        HttpResponse<Buffer> a = post(client, path, new JsonObject().put("email", known));
        HttpResponse<Buffer> b = post(client, path, new JsonObject().put("email", newEmail()));
        assertThat(a.statusCode()).isEqualTo(202).isEqualTo(b.statusCode());
        assertThat(a.bodyAsString()).isEqualTo(b.bodyAsString());
        assertThat(new TreeSet<>(a.headers().names())).isEqualTo(new TreeSet<>(b.headers().names()));
      }
      ATTACKS.refused("enumeration", 2 * rounds);
    }
  }
}
