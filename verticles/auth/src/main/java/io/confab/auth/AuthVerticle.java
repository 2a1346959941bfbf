package io.confab.auth;

import static io.confab.contract.Addresses.*;

import io.confab.base.AccessTokens;
import io.confab.base.Consumers;
import io.confab.base.JsonInput;
import io.confab.base.Requests;
import io.confab.base.StoreConfig;
import io.confab.contract.ConfigKeys;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Headers;
import io.confab.contract.MailTemplates;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns users and sessions: registration with email verification, login with optional TOTP, token
 * refresh and revocation, password reset and change, the profile and the user directory. Every handler
 * validates its input first, then does one thing. Passwords are hashed on a worker pool of their own,
 * never on the event loop; nothing secret is ever logged.
 */
public final class AuthVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);
  static final int MAIL_INTERVAL_SECONDS = 60;
  private static final int HASHING_THREADS = 2;
  /** Default of {@code jwt-key-rotation-hours}. */
  static final double ROTATION_HOURS = 24;

  private Users users;
  private Sessions sessions;
  private Codes codes;
  private Throttles throttles;
  private Attempts attempts;
  private Totp totp;
  private Passwords passwords;
  private TokenSigner signer;
  private SecretsKey secrets;
  private WorkerExecutor hashing;

  private Consumers consumers;
  private final Clock clock;

  public AuthVerticle() {
    this(Clock.systemUTC());
  }

  /** With the clock TOTP codes are checked against: tests set the time instead of waiting for the next step. */
  AuthVerticle(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    consumers = new Consumers(vertx);
    MongoClient mongo = MongoClient.createShared(vertx, StoreConfig.mongo(config()), "confab");
    RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, StoreConfig.redis(config())));
    users = new Users(mongo);
    sessions = new Sessions(mongo, redis, vertx.eventBus(), days(ConfigKeys.SESSION_IDLE_DAYS, Sessions.IDLE_DAYS));
    throttles = new Throttles(redis);
    attempts = new Attempts(throttles, config().getInteger(Attempts.REGISTRATIONS_PER_ADDRESS_KEY, Attempts.REGISTRATIONS_PER_ADDRESS));
    totp = new Totp(redis, clock);
    hashing = vertx.createSharedWorkerExecutor("confab-auth-hashing", HASHING_THREADS);

    List<String> configuredKeys = AccessTokens.configuredPublicPems(config());
    Future<TokenSigner> signing = configuredKeys.isEmpty()
        ? TokenSigner.shared(vertx, mongo, Duration.ofMillis(Math.round(number(ConfigKeys.JWT_KEY_ROTATION_HOURS, ROTATION_HOURS) * 3_600_000)))
        : Future.succeededFuture(TokenSigner.fromFiles(vertx, configuredKeys.get(0), config().getString(ConfigKeys.JWT_PRIVATE_PEM)));
    Future<SecretsKey> secrets = SecretsKey.resolve(config(), mongo);
    return Future.all(users.prepare(), sessions.prepare(), blocking(() -> passwords = new Passwords()), signing, secrets)
        .compose(ready -> {
          signer = signing.result();
          this.secrets = secrets.result();
          codes = new Codes(redis, this.secrets.codesPepper());
          return users.sealTotpSecrets(this.secrets);
        })
        .compose(ready -> Future.all(List.of(
            consumers.serve(AUTH_REGISTER, this::register),
            consumers.serve(AUTH_VERIFY, this::verify),
            consumers.serve(AUTH_RESEND, this::resend),
            consumers.serve(AUTH_LOGIN, this::login),
            consumers.serve(AUTH_REFRESH, this::refresh),
            consumers.serve(AUTH_LOGOUT, this::logout),
            consumers.serve(AUTH_TOTP_SETUP, this::totpSetup),
            consumers.serve(AUTH_TOTP_ENABLE, this::totpEnable),
            consumers.serve(AUTH_TOTP_DISABLE, this::totpDisable),
            consumers.serve(AUTH_PASSWORD_FORGOT, this::passwordForgot),
            consumers.serve(AUTH_PASSWORD_RESET, this::passwordReset),
            consumers.serve(AUTH_PASSWORD_CHANGE, this::passwordChange),
            consumers.serve(AUTH_SESSIONS_LIST, this::sessionsList),
            consumers.serve(AUTH_SESSIONS_REVOKE, this::sessionsRevoke),
            consumers.serve(AUTH_ME_GET, this::meGet),
            consumers.serve(AUTH_ME_UPDATE, this::meUpdate),
            consumers.serve(AUTH_USERS_SEARCH, this::usersSearch),
            consumers.serve(AUTH_USERS_LOOKUP, this::usersLookup),
            consumers.serve(AUTH_AVATAR_SET, this::avatarSet))));
  }

  /** Requests in flight finish first (new ones go to other nodes); then the hashing pool closes. */
  @Override
  public Future<?> stop() {
    if (signer != null) {
      signer.stop();
    }
    return consumers.drain().eventually(() -> hashing.close());
  }

  // ---- registration and verification ----------------------------------------------------------

  private Future<Object> register(Message<JsonObject> request) {
    JsonObject body = request.body();
    String email = Input.email(body);
    String password = Input.password(body, "password");
    String displayName = Input.displayName(body, true);
    String language = languageOrDefault(Input.language(body));
    return attempts.registration(clientIp(request))
        .compose(ok -> acceptablePassword(password, email, displayName))
        .compose(ok -> blocking(() -> passwords.hash(password)))
        .compose(hash -> users.create(email, hash, displayName, language))
        .compose(user -> {
          LOG.atInfo().setMessage("auth.registered").addKeyValue("user", user.getString("_id")).log();
          return sendCode(user, Codes.Purpose.VERIFY, MailTemplates.VERIFY_EMAIL).map(new JsonObject().put("userId", user.getString("_id")));
        });
  }

  private Future<Object> verify(Message<JsonObject> request) {
    String email = Input.email(request.body());
    String code = Input.code(request.body());
    return attempts.codeGuess(clientIp(request), () -> codes.consume(Codes.Purpose.VERIFY, email, code))
        .compose(ok -> users.byEmail(email))
        .compose(user -> user == null ? invalidCode() : users.update(user.getString("_id"), new JsonObject().put("verified", true), null))
        .map(user -> null);
  }

  /** A new verification code for an account not verified yet, as {@link #codeInBackground} mails one. */
  private Future<Object> resend(Message<JsonObject> request) {
    return codeInBackground(request, Codes.Purpose.VERIFY, user -> !user.getBoolean("verified", false), MailTemplates.VERIFY_EMAIL);
  }

  /**
   * 202 once counted, whatever the address (the look-up and the mail go on after the answer, so its time
   * tells nothing; a failure is logged, {@code auth.background.failed}); at most one mail a minute per
   * address, and only to an account of the address that is {@code wanted}.
   */
  private Future<Object> codeInBackground(Message<JsonObject> request, Codes.Purpose purpose, Predicate<JsonObject> wanted, String template) {
    String email = Input.email(request.body());
    String kind = purpose.name().toLowerCase(Locale.ROOT);
    return mailAllowed(kind, email, request).map(allowed -> {
      if (allowed) {
        users.byEmail(email)
            .compose(user -> user == null || !wanted.test(user) ? Future.succeededFuture() : sendCode(user, purpose, template))
            .onFailure(failure -> LOG.atWarn().setMessage("auth.background.failed").addKeyValue("work", kind)
                .addKeyValue("error", failure.getMessage()).log());
      }
      return null;
    });
  }

  /**
   * One mail a minute per email and the address's mail quota, counted before the answer so that an
   * address's requests count in their order; neither depends on whether the account exists.
   */
  private Future<Boolean> mailAllowed(String purpose, String email, Message<JsonObject> request) {
    return throttles.first("confab:auth:mail:" + purpose + ":" + email, MAIL_INTERVAL_SECONDS)
        .compose(first -> first ? attempts.mayMail(clientIp(request)) : Future.succeededFuture(false));
  }

  // ---- login, refresh, logout --------------------------------------------------------------------

  private Future<Object> login(Message<JsonObject> request) {
    JsonObject body = request.body();
    String email = Input.email(body);
    String password = Input.password(body, "password");
    String code = JsonInput.optionalString(body, "totp", 1, 16);
    String clientIp = clientIp(request);
    return attempts.beforeLogin(email, clientIp)
        .compose(ok -> users.byEmail(email))
        .compose(user -> blocking(() -> passwords.matches(password, user == null ? null : user.getString("passwordHash")))
            .compose(matches -> matches ? secondFactor(user, code) : Future.succeededFuture(false))
            .compose(passed -> {
              if (!passed) {
                return attempts.loginFailed(email, clientIp)
                    .compose(counted -> Future.failedFuture(ContractException.of(ErrorCode.INVALID_CREDENTIALS)));
              }
              return attempts.loginSucceeded(email, clientIp)
                  .compose(forgotten -> sessions.open(user.getString("_id"), request.headers().get(Headers.USER_AGENT)))
                  .map(opened -> tokens(opened, user));
            }));
  }

  /**
   * After a right password: {@code email_not_verified} first (only a right password learns it), then
   * {@code totp_required} when 2FA is on and no code came; false for a wrong or replayed code.
   */
  private Future<Boolean> secondFactor(JsonObject user, String code) {
    if (!user.getBoolean("verified", false)) {
      return Future.failedFuture(ContractException.of(ErrorCode.EMAIL_NOT_VERIFIED));
    }
    if (!user.getBoolean("totpEnabled", false)) {
      return Future.succeededFuture(true);
    }
    if (code == null) {
      return Future.failedFuture(ContractException.of(ErrorCode.TOTP_REQUIRED));
    }
    return totp.accept(user.getString("_id"), secrets.open(user.getValue("totpSecret"), user.getString("_id")), code);
  }

  private Future<Object> refresh(Message<JsonObject> request) {
    String refreshToken = JsonInput.string(request.body(), "refreshToken", 1, Input.TOKEN_MAX);
    return sessions.rotate(refreshToken)
        .compose(opened -> users.byId(opened.userId())
            .compose(user -> user == null ? Future.failedFuture(ContractException.of(ErrorCode.INVALID_TOKEN))
                : Future.succeededFuture(tokens(opened, user))));
  }

  /** The caller's session, and the family of the refresh token given if it is the caller's too: each once. */
  private Future<Object> logout(Message<JsonObject> request) {
    String userId = Requests.caller(request);
    String current = request.headers().get(Headers.SESSION);
    String refreshToken = JsonInput.optionalString(request.body(), "refreshToken", 1, Input.TOKEN_MAX);
    Future<String> family = refreshToken == null ? Future.succeededFuture() : sessions.sessionOf(refreshToken);
    return family
        .compose(sessionId -> sessionId == null || sessionId.equals(current) ? Future.succeededFuture(false)
            : sessions.owns(userId, sessionId).compose(owned -> owned ? sessions.revoke(sessionId).map(true) : Future.succeededFuture(false)))
        .compose(done -> sessions.revoke(current))
        .map(done -> null);
  }

  // ---- TOTP ------------------------------------------------------------------------------------

  private Future<Object> totpSetup(Message<JsonObject> request) {
    return users.existing(Requests.caller(request)).compose(user -> {
      if (user.getBoolean("totpEnabled", false)) {
        return Future.failedFuture(ContractException.of(ErrorCode.CONFLICT));
      }
      String secret = totp.newSecret();
      return users.update(user.getString("_id"), new JsonObject().put("totpPendingSecret", secrets.seal(secret, user.getString("_id"))), null)
          .map(updated -> new JsonObject().put("secret", secret).put("otpauthUri", Totp.uri(secret, user.getString("email"))));
    });
  }

  private Future<Object> totpEnable(Message<JsonObject> request) {
    String code = Input.code(request.body());
    return users.existing(Requests.caller(request)).compose(user -> {
      String userId = user.getString("_id");
      String pending = secrets.open(user.getValue("totpPendingSecret"), userId);
      if (pending == null || pending.isEmpty() || user.getBoolean("totpEnabled", false)) {
        return invalidCode();
      }
      return attempts.signedInGuess(userId, () -> totp.accept(userId, pending, code), ErrorCode.INVALID_CODE)
          .compose(right -> users.update(userId, new JsonObject().put("totpEnabled", true).put("totpSecret", secrets.seal(pending, userId)),
              new JsonObject().put("totpPendingSecret", "")))
          .map(done -> null);
    });
  }

  private Future<Object> totpDisable(Message<JsonObject> request) {
    String code = Input.code(request.body());
    return users.existing(Requests.caller(request)).compose(user -> {
      if (!user.getBoolean("totpEnabled", false)) {
        return invalidCode();
      }
      String userId = user.getString("_id");
      return attempts.signedInGuess(userId, () -> totp.accept(userId, secrets.open(user.getValue("totpSecret"), userId), code),
              ErrorCode.INVALID_CODE)
          .compose(right -> users.update(user.getString("_id"), new JsonObject().put("totpEnabled", false),
              new JsonObject().put("totpSecret", "").put("totpPendingSecret", "")))
          .map(done -> null);
    });
  }

  // ---- passwords ---------------------------------------------------------------------------------

  /** A password reset code for the account, as {@link #codeInBackground} mails one. */
  private Future<Object> passwordForgot(Message<JsonObject> request) {
    return codeInBackground(request, Codes.Purpose.RESET, user -> true, MailTemplates.PASSWORD_RESET);
  }

  /** The code proves the address, so it also verifies it; every session of the user ends. */
  private Future<Object> passwordReset(Message<JsonObject> request) {
    JsonObject body = request.body();
    String email = Input.email(body);
    String code = Input.code(body);
    String password = Input.password(body, "password");
    // The new password is judged before the code is spent, and the same way whether or not the account exists.
    return users.byEmail(email)
        .compose(user -> acceptablePassword(password, email, user == null ? null : user.getString("displayName"))
            .compose(strong -> attempts.codeGuess(clientIp(request), () -> codes.consume(Codes.Purpose.RESET, email, code)))
            .map(user))
        .compose(user -> user == null ? invalidCode() : blocking(() -> passwords.hash(password))
            .compose(hash -> users.update(user.getString("_id"), new JsonObject().put("passwordHash", hash).put("verified", true), null))
            .compose(updated -> sessions.revokeAll(updated.getString("_id"), null)))
        .map(done -> null);
  }

  /** Every other session of the user ends; this one stays. */
  private Future<Object> passwordChange(Message<JsonObject> request) {
    String userId = Requests.caller(request);
    String oldPassword = Input.password(request.body(), "oldPassword");
    String password = Input.password(request.body(), "password");
    return users.existing(userId)
        .compose(user -> attempts.signedInGuess(userId, () -> blocking(() -> passwords.matches(oldPassword, user.getString("passwordHash"))),
                ErrorCode.INVALID_CREDENTIALS)
            .compose(right -> acceptablePassword(password, user.getString("email"), user.getString("displayName"))))
        .compose(ok -> blocking(() -> passwords.hash(password)))
        .compose(hash -> users.update(userId, new JsonObject().put("passwordHash", hash), null))
        .compose(updated -> sessions.revokeAll(userId, request.headers().get(Headers.SESSION)))
        .map(done -> null);
  }

  // ---- sessions, profile, directory --------------------------------------------------------------

  private Future<Object> sessionsList(Message<JsonObject> request) {
    return sessions.list(Requests.caller(request), request.headers().get(Headers.SESSION)).map(list -> list);
  }

  private Future<Object> sessionsRevoke(Message<JsonObject> request) {
    String userId = Requests.caller(request);
    String sessionId = JsonInput.string(request.body(), "id", 1, 64);
    return sessions.owns(userId, sessionId)
        .compose(owned -> owned ? sessions.revoke(sessionId) : Future.failedFuture(ContractException.of(ErrorCode.NOT_FOUND)))
        .map(done -> null);
  }

  private Future<Object> meGet(Message<JsonObject> request) {
    return users.existing(Requests.caller(request)).map(user -> Users.view(user, true));
  }

  private Future<Object> meUpdate(Message<JsonObject> request) {
    String userId = Requests.caller(request);
    String displayName = Input.displayName(request.body(), false);
    String language = Input.language(request.body());
    Boolean readReceipts = JsonInput.optionalBool(request.body(), "readReceipts");
    JsonObject set = new JsonObject();
    if (readReceipts != null) {
      set.put("readReceipts", readReceipts);
    }
    if (displayName != null) {
      set.put("displayName", displayName).put("displayNameLower", displayName.toLowerCase(java.util.Locale.ROOT));
    }
    if (language != null) {
      set.put("language", language);
    }
    return users.update(userId, set, null).map(user -> {
      if (displayName != null) {
        profileChanged(user);
      }
      return Users.view(user, true);
    });
  }

  /** {@code q}: verified users by name prefix; {@code ids} (an addition): verified users by id, for showing names. */
  private Future<Object> usersSearch(Message<JsonObject> request) {
    Requests.caller(request);
    if (request.body().getValue("ids") != null) {
      return users.named(Input.idList(request.body(), Users.LOOKUP_LIMIT)).map(found -> found);
    }
    String prefix = JsonInput.string(request.body(), "q", 1, Input.QUERY_MAX);
    return users.search(prefix).map(found -> found);
  }

  /** Internal: the verified users among {@code ids}, with names and languages; with {@code contact}, emails too. */
  private Future<Object> usersLookup(Message<JsonObject> request) {
    io.vertx.core.json.JsonArray ids = request.body().getValue("ids") instanceof io.vertx.core.json.JsonArray array ? array : null;
    if (ids == null || ids.size() > io.confab.contract.Limits.ROOM_MEMBERS_MAX || !ids.stream().allMatch(String.class::isInstance)) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return users.lookup(ids.getList(), request.body().getBoolean("contact", false)).map(found -> new JsonObject().put("users", found));
  }

  /** Internal, from the files role once the new avatar's bytes are stored: {@code {user, avatar: {id, url} or null}}. */
  private Future<Object> avatarSet(Message<JsonObject> request) {
    String userId = JsonInput.string(request.body(), "user", 1, 64);
    Object avatar = request.body().getValue("avatar");
    if (avatar != null && !(avatar instanceof JsonObject given
        && given.getValue("id") instanceof String && given.getValue("url") instanceof String)) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return users.setAvatar(userId, (JsonObject) avatar).map(change -> {
      profileChanged(change.user());
      JsonObject answer = new JsonObject().put("user", Users.view(change.user(), true));
      return change.previous() == null ? answer : answer.put("previous", change.previous());
    });
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** Chat tells the user's rooms, so that open pages show the new name or face at once (no email in it). */
  private void profileChanged(JsonObject user) {
    vertx.eventBus().send(CHAT_PROFILE_CHANGED, new JsonObject().put("user", Users.profile(user)));
  }


  private <T> Future<T> blocking(Callable<T> work) {
    return hashing.executeBlocking(work, false);
  }

  private Future<Void> acceptablePassword(String password, String email, String displayName) {
    // zxcvbn matches user inputs as dictionary words: the name whole, joined and word by word, lower case.
    List<String> personal = new java.util.ArrayList<>(List.of(email, email.substring(0, email.indexOf('@'))));
    if (displayName != null) {
      String name = displayName.toLowerCase(java.util.Locale.ROOT);
      personal.add(name);
      personal.add(name.replaceAll("\\s+", ""));
      personal.addAll(List.of(name.split("\\s+")));
    }
    return blocking(() -> passwords.acceptable(password, personal))
        .compose(ok -> ok ? Future.succeededFuture() : Future.failedFuture(ContractException.of(ErrorCode.WEAK_PASSWORD)));
  }

  private JsonObject tokens(Sessions.Opened opened, JsonObject user) {
    String accessToken = signer.sign(new JsonObject()
        .put(AccessTokens.SESSION_CLAIM, opened.sessionId())
        .put(AccessTokens.USE_CLAIM, AccessTokens.USE_ACCESS)
        .put("jti", UUID.randomUUID().toString()), AccessTokens.options(opened.userId()));
    return new JsonObject()
        .put("accessToken", accessToken)
        .put("refreshToken", opened.refreshToken())
        .put("expiresIn", AccessTokens.LIFETIME_SECONDS)
        .put("user", Users.view(user, true));
  }

  /**
   * A new code, mailed in the user's language. The account change it belongs to stands even when the
   * mail cannot be queued (the email verticle runs nowhere): the user asks for another code.
   */
  private Future<Void> sendCode(JsonObject user, Codes.Purpose purpose, String template) {
    return codes.issue(purpose, user.getString("email"))
        .compose(code -> vertx.eventBus().request(EMAIL_SEND, new JsonObject()
            .put("to", user.getString("email"))
            .put("template", template)
            .put("locale", user.getString("language"))
            .put("vars", new JsonObject().put("code", code).put("displayName", user.getString("displayName")))))
        .<Void>mapEmpty()
        .recover(failure -> {
          LOG.atWarn().setMessage("auth.mail.not.queued").addKeyValue("user", user.getString("_id"))
              .addKeyValue("template", template).addKeyValue("error", failure.getMessage()).log();
          return Future.succeededFuture();
        });
  }

  /** The client's address as the edge saw it (the TCP peer). */
  private static String clientIp(Message<JsonObject> request) {
    return String.valueOf(request.headers().get(Headers.CLIENT_IP));
  }

  private static String languageOrDefault(String language) {
    return language == null ? MailTemplates.DEFAULT_LOCALE : language;
  }

  /** A duration in days from the config (fractions allowed, so a test can make it short), in ms. */
  private long days(String key, double defaultDays) {
    return Math.round(number(key, defaultDays) * 86_400_000);
  }

  /** A number from the config, given as a number or as text (a CONFAB_* variable). */
  private double number(String key, double defaultValue) {
    Object value = config().getValue(key);
    if (value == null) {
      return defaultValue;
    }
    double number = value instanceof Number given ? given.doubleValue() : Double.parseDouble(String.valueOf(value));
    if (!(number > 0)) {
      throw new IllegalArgumentException(key + " must be above 0, not " + value);
    }
    return number;
  }

  private static <T> Future<T> invalidCode() {
    return Future.failedFuture(ContractException.of(ErrorCode.INVALID_CODE));
  }
}
