package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** Accounts through the page: codes, two-factor sign-in, passwords and sessions. */
class WebPageAccountsIT extends WebPageBase {

  @Test
  @DisplayName("on the code screen, 'Send a new code' mails another code, and that one verifies the account")
  void aNewCodeIsSentOnRequest() throws Exception {
    String tag = tag();
    String email = "resend-" + tag + "@example.org";
    ChromeDriver browser = open(1024, 768);
    browser.get(url);
    startSignUp(browser, "Resend " + tag, email);
    mailedCode(email, 1);

    browser.findElement(By.id("resend")).click();
    waitFor(browser, d -> d.findElement(By.id("auth-message")).getText().contains("new code is on its way"));
    String second = mailedCode(email, 2);
    browser.findElement(By.id("verify-form")).findElement(By.name("code")).sendKeys(second, Keys.ENTER);
    waitFor(browser, d -> d.findElement(By.id("chat-view")).isDisplayed());
  }

  @Test
  @DisplayName("a new display name saved in the account dialog shows in the header and is the server's")
  void theDisplayNameIsChangedFromTheAccountDialog() throws Exception {
    Person ada = person("Ada Rename " + tag(), "en");
    ChromeDriver browser = signedIn(ada);
    waitFor(browser, d -> d.findElement(By.id("me-name")).getText().equals(ada.name()));

    browser.findElement(By.id("account")).click();
    WebElement name = waitFor(browser, d -> d.findElement(By.cssSelector("#dialog input[aria-label='Display name']")));
    name.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    name.sendKeys(ada.name() + " Lovelace");
    browser.findElement(By.id("dialog-ok")).click();

    waitFor(browser, d -> !d.findElement(By.id("dialog")).isDisplayed());
    waitFor(browser, d -> d.findElement(By.id("me-name")).getText().equals(ada.name() + " Lovelace"));
    assertThat(new JsonObject(get("api/v1/me", ada.token()).body()).getString("displayName")).isEqualTo(ada.name() + " Lovelace");
  }

  @Test
  @DisplayName("2FA through the page: set up from the QR code of the otpauth URI, confirm with a code, then sign in with a code")
  void twoFactorSetupAndSignIn() throws Exception {
    String tag = tag();
    String email = "tfa-" + tag + "@example.org";
    ChromeDriver browser = open(1024, 900);
    browser.get(url);
    signUp(browser, "Two Factor " + tag, email);

    browser.findElement(By.id("account")).click();
    waitFor(browser, d -> d.findElement(By.id("totp-setup"))).click();
    WebElement canvas = waitFor(browser, d -> d.findElement(By.id("totp-qr")));
    String secret = browser.findElement(By.id("totp-secret")).getText();
    String png = (String) browser.executeScript("return arguments[0].toDataURL('image/png').split(',')[1]", canvas);
    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(png)));
    String uri = new com.google.zxing.qrcode.QRCodeReader().decode(new com.google.zxing.BinaryBitmap(
        new com.google.zxing.common.HybridBinarizer(new com.google.zxing.client.j2se.BufferedImageLuminanceSource(image))),
        Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, true)).getText();
    assertThat(uri).startsWith("otpauth://totp/").contains("secret=" + secret);
    shot(browser, "two-factor-setup");

    Set<String> used = new HashSet<>();
    browser.findElement(By.cssSelector("#totp-section input[name=totp-code]")).sendKeys(freshTotp(secret, used));
    browser.findElement(By.id("totp-enable")).click();
    waitFor(browser, d -> d.findElement(By.id("totp-state")).getText().startsWith("On"));
    browser.findElement(By.id("dialog-cancel")).click();

    browser.findElement(By.id("signout")).click();
    WebElement form = shown(browser, By.id("signin-form"));
    form.findElement(By.name("email")).sendKeys(email);
    form.findElement(By.name("password")).sendKeys(PASSWORD, Keys.ENTER);
    waitFor(browser, d -> d.findElement(By.id("totp-field")).isDisplayed());
    assertThat(browser.findElement(By.id("auth-error")).getText()).isEqualTo("Enter the code from your authenticator app.");
    form.findElement(By.name("totp")).sendKeys(freshTotp(secret, used), Keys.ENTER);
    waitFor(browser, d -> d.findElement(By.id("chat-view")).isDisplayed());
  }

  @Test
  @DisplayName("2FA is turned off from the account dialog with a code, and signing in then asks for none")
  void twoFactorIsTurnedOff() throws Exception {
    Person ada = person("Ada Off " + tag(), "en");
    String secret = new JsonObject(post("api/v1/auth/totp/setup", ada.token(), new JsonObject()).body()).getString("secret");
    Set<String> used = new HashSet<>();
    assertThat(post("api/v1/auth/totp/enable", ada.token(), new JsonObject().put("code", freshTotp(secret, used))).statusCode()).isEqualTo(204);
    ChromeDriver browser = open(1024, 900);
    browser.get(url);
    WebElement form = shown(browser, By.id("signin-form"));
    form.findElement(By.name("email")).sendKeys(ada.email());
    form.findElement(By.name("password")).sendKeys(PASSWORD, Keys.ENTER);
    waitFor(browser, d -> d.findElement(By.id("totp-field")).isDisplayed());
    form.findElement(By.name("totp")).sendKeys(freshTotp(secret, used), Keys.ENTER);
    waitFor(browser, d -> d.findElement(By.id("chat-view")).isDisplayed());

    browser.findElement(By.id("account")).click();
    waitFor(browser, d -> d.findElement(By.id("totp-state")).getText().startsWith("On"));
    browser.findElement(By.cssSelector("#totp-section input[name=totp-code]")).sendKeys(freshTotp(secret, used));
    browser.findElement(By.id("totp-disable")).click();
    waitFor(browser, d -> d.findElement(By.id("totp-state")).getText().equals("Off."));
    assertThat(new JsonObject(get("api/v1/me", ada.token()).body()).getBoolean("totpEnabled")).isFalse();
    browser.findElement(By.id("dialog-cancel")).click();

    browser.findElement(By.id("signout")).click();
    signIn(browser, ada.email());
  }

  @Test
  @DisplayName("a forgotten password is reset with the emailed code through the page, and the new one signs in")
  void forgottenPasswordIsReset() throws Exception {
    Person ada = person("Reset " + tag(), "en");
    ChromeDriver browser = open(1024, 768);
    browser.get(url);
    waitFor(browser, d -> d.findElement(By.cssSelector("#signin-form [data-go=forgot]"))).click();
    browser.findElement(By.id("forgot-form")).findElement(By.name("email")).sendKeys(ada.email(), Keys.ENTER);
    WebElement reset = shown(browser, By.id("reset-form"));
    String newPassword = "another quiet harbour in spring 7";
    reset.findElement(By.name("code")).sendKeys(mailedCode(ada.email(), 2));
    reset.findElement(By.name("password")).sendKeys(newPassword, Keys.ENTER);
    WebElement form = shown(browser, By.id("signin-form"));
    assertThat(browser.findElement(By.id("auth-message")).getText()).contains("password is changed");
    assertThat(form.findElement(By.name("email")).getDomProperty("value")).isEqualTo(ada.email());
    form.findElement(By.name("password")).sendKeys(newPassword, Keys.ENTER);
    waitFor(browser, d -> d.findElement(By.id("chat-view")).isDisplayed());
    assertThat(get("api/v1/me", ada.token()).statusCode()).as("a reset ends every earlier session").isEqualTo(401);
  }

  @Test
  @DisplayName("tokens about to expire are refreshed before they do (the refresh token rotated and stored), and the page goes on")
  void tokensAreRefreshedBeforeExpiry() throws Exception {
    Person ada = person("Refresh " + tag(), "en");
    ChromeDriver browser = signedIn(ada);
    String before = (String) browser.executeScript("const s = JSON.parse(localStorage.getItem('confab.session'));"
        + "s.expiresAt = Date.now() + 30000; localStorage.setItem('confab.session', JSON.stringify(s)); return s.refreshToken");
    browser.navigate().refresh();
    waitFor(browser, d -> !before.equals(pageSession(browser).getString("refreshToken")));
    browser.findElement(By.id("notes")).click();
    waitFor(browser, d -> d.findElement(By.id("room-view")).isDisplayed());
    send(browser, "Still signed in after a refresh.");
    waitFor(browser, d -> d.findElements(By.cssSelector("#timeline li.msg:not(.pending)")).size() == 1);
  }

  @Test
  @DisplayName("the password is changed from the account dialog: the other sessions end, the page goes on, and the new password signs in")
  void passwordIsChanged() throws Exception {
    Person ada = person("Change " + tag(), "en");
    ChromeDriver browser = signedIn(ada);
    String newPassword = "seven lanterns over the bay 9";
    browser.findElement(By.id("account")).click();
    // The dialog element is in the page from the start (index.html): wait for the account form in it.
    WebElement current = waitFor(browser, d -> d.findElement(By.cssSelector("#dialog input[aria-label='Current password']")));
    WebElement dialog = browser.findElement(By.id("dialog"));
    current.sendKeys(PASSWORD);
    dialog.findElement(By.cssSelector("input[aria-label='New password']")).sendKeys(newPassword);
    browser.findElement(By.id("dialog-ok")).click();
    waitFor(browser, d -> !d.findElement(By.id("dialog")).isDisplayed());

    assertThat(get("api/v1/me", ada.token()).statusCode()).as("the other session ended").isEqualTo(401);
    browser.findElement(By.id("notes")).click();
    waitFor(browser, d -> d.findElement(By.id("room-view")).isDisplayed());
    send(browser, "Still here after the change.");
    waitFor(browser, d -> d.findElements(By.cssSelector("#timeline li.msg:not(.pending)")).size() == 1);
    assertThat(post("api/v1/auth/login", null, new JsonObject().put("email", ada.email()).put("password", newPassword)).statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("a wrong current password is said plainly in the account dialog, and the password stays")
  void aWrongCurrentPasswordIsRefused() throws Exception {
    Person ada = person("Wrong " + tag(), "en");
    ChromeDriver browser = signedIn(ada);
    browser.findElement(By.id("account")).click();
    // The dialog element is in the page from the start (index.html): wait for the account form in it.
    WebElement current = waitFor(browser, d -> d.findElement(By.cssSelector("#dialog input[aria-label='Current password']")));
    WebElement dialog = browser.findElement(By.id("dialog"));
    current.sendKeys("not my password at all 1");
    dialog.findElement(By.cssSelector("input[aria-label='New password']")).sendKeys("seven lanterns over the bay 9");
    browser.findElement(By.id("dialog-ok")).click();
    WebElement error = shown(browser, By.id("dialog-error"));
    assertThat(error.getText()).containsIgnoringCase("password");
    assertThat(get("api/v1/me", ada.token()).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("the account dialog lists the signed-in sessions, this one marked, and signs another out at once")
  void anotherSessionIsSignedOut() throws Exception {
    Person ada = person("Sessions " + tag(), "en");
    ChromeDriver browser = signedIn(ada);
    browser.findElement(By.id("account")).click();
    waitFor(browser, d -> d.findElements(By.cssSelector("#dialog ul[aria-label='Signed-in sessions'] li")).size() == 2);
    List<WebElement> rows = browser.findElements(By.cssSelector("#dialog ul[aria-label='Signed-in sessions'] li"));
    assertThat(rows.stream().filter(row -> row.getText().contains("(this one)")).map(WebElement::getText))
        .singleElement().asString().startsWith("Chrome on Linux");
    browser.executeScript("document.querySelector(\"#dialog ul[aria-label='Signed-in sessions']\").scrollIntoView()");
    shot(browser, "sessions");

    click(browser, By.cssSelector("#dialog ul[aria-label='Signed-in sessions'] li button"));
    waitFor(browser, d -> d.findElements(By.cssSelector("#dialog ul[aria-label='Signed-in sessions'] li")).size() == 1);
    assertThat(browser.findElement(By.cssSelector("#dialog ul[aria-label='Signed-in sessions'] li")).getText()).contains("(this one)");
    assertThat(get("api/v1/me", ada.token()).statusCode()).as("the other session ended").isEqualTo(401);
    assertThat(get("api/v1/me", pageSession(browser).getString("accessToken")).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a session signed out from elsewhere lands on the sign-in screen with a message")
  void aRevokedSessionLandsOnSignIn() throws Exception {
    Person bob = person("Revoked " + tag(), "en");
    ChromeDriver browser = signedIn(bob);
    browser.findElement(By.id("notes")).click();
    waitFor(browser, d -> d.findElement(By.id("room-view")).isDisplayed());

    JsonArray sessions = new JsonArray(get("api/v1/auth/sessions", bob.token()).body());
    String pageSession = sessions.stream().map(JsonObject.class::cast).filter(s -> !s.getBoolean("current"))
        .findFirst().orElseThrow().getString("id");
    assertThat(send(HttpRequest.newBuilder(URI.create(url + "api/v1/auth/sessions/" + pageSession)).DELETE(), bob.token())
        .statusCode()).isEqualTo(204);
    send(browser, "Am I still here?");
    waitFor(browser, d -> d.findElement(By.id("signin-form")).isDisplayed());
    assertThat(browser.findElement(By.id("auth-message")).getText()).startsWith("Your session has ended");
    shot(browser, "session-ended");
  }
}
