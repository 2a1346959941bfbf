package io.confab.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Confab's HTTP API as the bench commands and the node-loss test use it: sign-up through the dev mailbox, rooms, history. */
public final class ConfabApi {

  public static final String PASSWORD = "Vx7!qLm2#pZr9w";
  private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

  private ConfabApi() {
  }

  /** Registers, reads the code at /dev/mail, verifies and logs in: the login answer. */
  public static JsonObject signUp(int port, String displayName) throws Exception {
    return signUp(port, newEmail(), displayName);
  }

  /** As {@link #signUp(int, String)}, at {@code email}. */
  public static JsonObject signUp(int port, String email, String displayName) throws Exception {
    HttpResponse<String> register = http("POST", port, "/api/v1/auth/register", null,
        new JsonObject().put("email", email).put("password", PASSWORD).put("displayName", displayName));
    if (register.statusCode() != 201) {
      throw new IllegalStateException("register answered " + register.statusCode() + " " + register.body());
    }
    String code = mailedCode(port, email);
    HttpResponse<String> verify = http("POST", port, "/api/v1/auth/verify", null, new JsonObject().put("email", email).put("code", code));
    if (verify.statusCode() != 204) {
      throw new IllegalStateException("verify answered " + verify.statusCode() + " " + verify.body());
    }
    HttpResponse<String> login = http("POST", port, "/api/v1/auth/login", null, new JsonObject().put("email", email).put("password", PASSWORD));
    if (login.statusCode() != 200) {
      throw new IllegalStateException("login answered " + login.statusCode() + " " + login.body());
    }
    return new JsonObject(login.body());
  }

  /** An address no account has yet. */
  public static String newEmail() {
    return "bench-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  /** The six-digit code of the newest mail to {@code email} at the node's dev mailbox, once one is there. */
  public static String mailedCode(int port, String email) {
    return Eventually.value(() -> {
      HttpResponse<String> mail = http("GET", port, "/dev/mail?to=" + URLEncoder.encode(email, StandardCharsets.UTF_8), null, null);
      JsonArray mails = mail.statusCode() == 200 ? new JsonArray(mail.body()) : new JsonArray();
      return mails.isEmpty() ? null : codeIn(mails.getJsonObject(0).getString("text"));
    }, Duration.ofSeconds(30), "a mail with a code to " + email + " at /dev/mail");
  }

  /** The six-digit code in a mail's text, or null. */
  public static String codeIn(String text) {
    // The last six digits: the greeting before the code may hold a name with six digits of its own.
    Matcher code = CODE.matcher(text);
    String last = null;
    while (code.find()) {
      last = code.group(1);
    }
    return last;
  }

  /** Creates a room as {@code token}'s user: its id. */
  public static String createRoom(int port, String token, JsonObject room) throws Exception {
    HttpResponse<String> created = http("POST", port, "/api/v1/rooms", token, room);
    if (created.statusCode() != 201 && created.statusCode() != 200) {
      throw new IllegalStateException("room creation answered " + created.statusCode() + " " + created.body());
    }
    return new JsonObject(created.body()).getString("id");
  }

  public static HttpResponse<String> http(String method, int port, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return LocalCluster.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A room's whole history, page by page from seq 0, as the API answers it (checked by {@link DeliveryVerdict}). */
  public static List<JsonObject> history(int port, String token, String room) throws Exception {
    List<JsonObject> all = new ArrayList<>();
    long after = 0;
    for (int page = 0; page < 1000; page++) {
      HttpResponse<String> response = http("GET", port, "/api/v1/rooms/" + room + "/messages?after=" + after + "&limit=200", token, null);
      if (response.statusCode() != 200) {
        throw new IllegalStateException("history answered " + response.statusCode() + " " + response.body());
      }
      JsonObject body = new JsonObject(response.body());
      JsonArray messages = body.getJsonArray("messages");
      for (int i = 0; i < messages.size(); i++) {
        all.add(messages.getJsonObject(i));
        after = Math.max(after, messages.getJsonObject(i).getLong("seq"));
      }
      if (!body.getBoolean("hasMore", false) || messages.isEmpty()) {
        break;
      }
    }
    return all;
  }
}
