package io.confab.testing;

import java.io.File;
import java.time.Duration;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium through Debian's chromedriver (bin/services installs both). The paths are
 * given, so Selenium never tries to download a browser or a driver; background networking is off
 * because this machine reaches nothing but loopback. The console is kept whole, so that a test can read
 * it ({@code manage().logs().get(LogType.BROWSER)}).
 */
public final class Browser {

  public static ChromeDriver open() {
    ChromeOptions options = new ChromeOptions()
        .setBinary("/usr/bin/chromium")
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage");
    LoggingPreferences console = new LoggingPreferences();
    console.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", console);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }

  private Browser() {
  }
}
