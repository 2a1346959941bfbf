package io.confab.bench;

import io.confab.testing.ConfabApi;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether an address has an account, as the time of an answer could tell it: resend and forgot for an
 * address with an account and one without, taken turn about, and register for a taken address (409) and
 * a new one (201), against one confab.jar on loopback. Prints the medians for docs/SECURITY.md.
 * AuthAttacksTest asserts that the answers are alike; how long they take is measured here, not judged there.
 */
public final class EnumerationTiming {

  private static final String USAGE = "usage: enumeration-timing [--rounds 15] --work DIR --jar confab.jar";
  /** Each registration hashes a password (Argon2): fewer rounds than the cheap answers. */
  private static final int REGISTER_ROUNDS = 5;

  private int rounds = 15;
  private Path work;
  private Path jar;

  public static void main(String[] args) throws Exception {
    EnumerationTiming timing = new EnumerationTiming();
    try {
      timing.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    timing.run();
    System.exit(0);
  }

  void parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        case "--jar" -> jar = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (work == null || jar == null || rounds < 1 || rounds > 1_000) {
      throw new IllegalArgumentException("--work and --jar are required, --rounds 1 to 1000");
    }
  }

  void run() throws Exception {
    try (ConfabTarget confab = new ConfabTarget(work, jar, 1, "512m", List.of("-XX:+UseG1GC"), 20)) {
      confab.start();
      int port = confab.ports().get(0);
      String known = ConfabApi.newEmail();
      ConfabApi.signUp(port, known, "Ana");

      System.out.println("| what | with an account | without |");
      System.out.println("| --- | ---: | ---: |");
      for (String path : List.of("/api/v1/auth/resend", "/api/v1/auth/password/forgot")) {
        List<Long> withAccount = new ArrayList<>();
        List<Long> without = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
          timed(withAccount, port, path, new JsonObject().put("email", known), 202);
          timed(without, port, path, new JsonObject().put("email", ConfabApi.newEmail()), 202);
        }
        row(path + " (" + rounds + " tries each)", withAccount, without);
      }
      List<Long> taken = new ArrayList<>();
      List<Long> fresh = new ArrayList<>();
      for (int i = 0; i < REGISTER_ROUNDS; i++) {
        timed(taken, port, "/api/v1/auth/register", registration(known), 409);
        timed(fresh, port, "/api/v1/auth/register", registration(ConfabApi.newEmail()), 201);
      }
      row("/api/v1/auth/register (" + REGISTER_ROUNDS + " tries each; 409 email_taken, 201)", taken, fresh);
    }
  }

  private static JsonObject registration(String email) {
    return new JsonObject().put("email", email).put("password", ConfabApi.PASSWORD).put("displayName", "Ana");
  }

  /** One request's time, in nanoseconds, added to {@code times}; an unexpected status ends the run. */
  private static void timed(List<Long> times, int port, String path, JsonObject body, int status) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = ConfabApi.http("POST", port, path, null, body);
    times.add(System.nanoTime() - start);
    if (response.statusCode() != status) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + " " + response.body() + ", not " + status);
    }
  }

  private static void row(String what, List<Long> withAccount, List<Long> without) {
    System.out.printf("| %s | median %.1f ms | %.1f ms |%n", what, median(withAccount) / 1e6, median(without) / 1e6);
  }

  private static long median(List<Long> times) {
    List<Long> sorted = times.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
