package io.confab.auth;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Every attempt limit of the auth verticle in one place (docs/SECURITY.md, "Throttles"), counted in Redis
 * so every node sees the same counts. Login failures are counted per account and client address, so
 * that guessing from one address does not lock the owner out from another; an account-wide and an
 * address-wide ceiling bound guessing spread over many addresses or many accounts. The open endpoints
 * that cost work or guess codes are bounded per client address, the same whether the address given
 * has an account or not. Guesses made with a token (TOTP codes, the old password) are bounded per user.
 */
final class Attempts {

  static final int LOGIN_WINDOW_SECONDS = 15 * 60;
  /** Failed logins of one account from one client address. */
  static final int LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = 10;
  /** Failed logins of one account from every address: NIST SP 800-63B's ceiling of 100. */
  static final int LOGIN_FAILURES_PER_ACCOUNT = 100;
  /** Failed logins from one client address, whatever the account. */
  static final int LOGIN_FAILURES_PER_ADDRESS = 100;
  /** Registrations per client address and minute: each costs an Argon2id hash of 19 MiB. */
  static final int REGISTRATIONS_PER_ADDRESS = 100;
  static final int REGISTRATION_WINDOW_SECONDS = 60;
  /** Wrong mail codes (verify and reset together) per client address, whatever the email. */
  static final int WRONG_CODES_PER_ADDRESS = 100;
  static final int CODE_WINDOW_SECONDS = 10 * 60;
  /** Mails asked for (resend and forgot) per client address; past it the answer is still 202, but no mail. */
  static final int MAILS_PER_ADDRESS = 50;
  static final int MAIL_WINDOW_SECONDS = 10 * 60;
  /** Wrong TOTP codes at enable/disable and wrong old passwords at change, per user. */
  static final int SIGNED_IN_GUESSES_PER_USER = 10;
  static final int SIGNED_IN_GUESS_WINDOW_SECONDS = 15 * 60;

  private static final String PREFIX = "confab:auth:";

  /** Config key: registrations per client address and minute (default {@link #REGISTRATIONS_PER_ADDRESS}). */
  static final String REGISTRATIONS_PER_ADDRESS_KEY = "auth-registrations-per-address";

  private final Throttles throttles;
  private final int registrationsPerAddress;

  Attempts(Throttles throttles, int registrationsPerAddress) {
    this.throttles = throttles;
    this.registrationsPerAddress = registrationsPerAddress;
  }

  /** 429 while this account is locked for this address, or everywhere, or this address for every account. */
  Future<Void> beforeLogin(String email, String clientIp) {
    return throttles.refuseIfReached(loginPair(email, clientIp), LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS)
        .compose(ok -> throttles.refuseIfReached(loginAccount(email), LOGIN_FAILURES_PER_ACCOUNT))
        .compose(ok -> throttles.refuseIfReached(loginAddress(clientIp), LOGIN_FAILURES_PER_ADDRESS));
  }

  Future<Void> loginFailed(String email, String clientIp) {
    return Future.all(
            throttles.count(loginPair(email, clientIp), LOGIN_WINDOW_SECONDS),
            throttles.count(loginAccount(email), LOGIN_WINDOW_SECONDS),
            throttles.count(loginAddress(clientIp), LOGIN_WINDOW_SECONDS))
        .mapEmpty();
  }

  /** The owner's success clears their own address's count only: others' failures keep counting. */
  Future<Void> loginSucceeded(String email, String clientIp) {
    return throttles.forget(loginPair(email, clientIp));
  }

  /** Counts a registration; 429 past the address's limit. */
  Future<Void> registration(String clientIp) {
    return throttles.take(PREFIX + "register:address:" + clientIp, registrationsPerAddress, REGISTRATION_WINDOW_SECONDS);
  }

  /** A mail code checked by {@code consume}: 429 while the address made too many wrong guesses, and a wrong one counts. */
  Future<Void> codeGuess(String clientIp, Supplier<Future<Void>> consume) {
    String key = PREFIX + "code:fail:address:" + clientIp;
    return throttles.refuseIfReached(key, WRONG_CODES_PER_ADDRESS)
        .compose(ok -> consume.get())
        .recover(failure -> isWrong(failure)
            ? throttles.count(key, CODE_WINDOW_SECONDS).compose(counted -> Future.failedFuture(failure))
            : Future.failedFuture(failure));
  }

  /** Whether this address may cause one more mail now. */
  Future<Boolean> mayMail(String clientIp) {
    return throttles.take(PREFIX + "mail:address:" + clientIp, MAILS_PER_ADDRESS, MAIL_WINDOW_SECONDS)
        .map(true)
        .recover(refused -> refused instanceof ContractException ? Future.succeededFuture(false) : Future.failedFuture(refused));
  }

  /**
   * A guess made with a token (a TOTP code, the old password) by {@code check}: 429 while the user made
   * too many wrong ones; a wrong one counts, and answers {@code wrong}.
   */
  Future<Void> signedInGuess(String userId, Supplier<Future<Boolean>> check, ErrorCode wrong) {
    String key = PREFIX + "guess:fail:user:" + userId;
    return throttles.refuseIfReached(key, SIGNED_IN_GUESSES_PER_USER)
        .compose(ok -> check.get())
        .compose(right -> right ? Future.<Void>succeededFuture()
            : throttles.count(key, SIGNED_IN_GUESS_WINDOW_SECONDS).compose(counted -> Future.failedFuture(ContractException.of(wrong))));
  }

  private static boolean isWrong(Throwable failure) {
    return failure instanceof ContractException refusal && refusal.error() == ErrorCode.INVALID_CODE;
  }

  private static String loginPair(String email, String clientIp) {
    return PREFIX + "login:fail:account:" + email + ":address:" + clientIp;
  }

  private static String loginAccount(String email) {
    return PREFIX + "login:fail:account:" + email;
  }

  private static String loginAddress(String clientIp) {
    return PREFIX + "login:fail:address:" + clientIp;
  }
}
