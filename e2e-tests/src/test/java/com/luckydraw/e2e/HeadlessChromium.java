package com.luckydraw.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven by Selenium through Debian's chromedriver. Missing binaries FAIL the test
 * naming the command that installs them (infra/bin/install-browser). Both paths are given, so Selenium Manager never
 * downloads anything.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("luckydraw.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("luckydraw.chromedriver", "/usr/bin/chromedriver"));
    /** Where screenshots go; -Dluckydraw.screenshots=$PWD/docs/screenshots refreshes the documentation's. */
    private static final Path SCREENSHOTS =
            Path.of(System.getProperty("luckydraw.screenshots", "target/screenshots"));

    private final Path profile;
    private final ChromeDriver driver;

    private HeadlessChromium(Path profile, ChromeDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    static HeadlessChromium start() throws IOException {
        requireExecutable(CHROMIUM, "Chromium");
        requireExecutable(CHROMEDRIVER, "chromedriver");
        Path profile = Files.createTempDirectory("luckydraw-e2e-chromium");
        Files.createDirectories(Path.of("target"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(Path.of("target", "chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        return new HeadlessChromium(profile, new ChromeDriver(service, options));
    }

    private static void requireExecutable(Path path, String what) {
        if (!Files.isExecutable(path)) {
            throw new AssertionError(what + " is missing at " + path + ": the dashboard test drives a real headless"
                    + " Chromium. Install it with infra/bin/install-browser (apt-get install -y chromium"
                    + " chromium-driver).");
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens a page, logging in through the dashboard's form first when it asks for it. */
    void open(String url, String user, String password) {
        driver.get(url);
        if (driver.getCurrentUrl().contains("/login")) {
            waitFor("the login form", d -> d.findElement(By.name("username")));
            driver.findElement(By.name("username")).sendKeys(user);
            driver.findElement(By.name("password")).sendKeys(password);
            driver.findElement(By.cssSelector("button[type=submit]")).click();
            waitFor("to leave the login page", d -> !d.getCurrentUrl().contains("/login"));
            driver.get(url);
        }
    }

    String text(By by) {
        return driver.findElement(by).getText();
    }

    /** Waits until the condition holds; pages reload themselves, so a vanished element is simply looked up again. */
    <T> T waitFor(String what, Function<WebDriver, T> condition) {
        return waitFor(() -> what, condition);
    }

    /** As above, with a message made when the wait gives up: it can say what was seen last. */
    <T> T waitFor(Supplier<String> what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** The whole page, beyond the window's height (Chrome DevTools' captureBeyondViewport). */
    @SuppressWarnings("unchecked")
    Path screenshot(String name) throws IOException {
        Map<String, Object> layout = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> size = (Map<String, Object>) layout.get("cssContentSize");
        double width = ((Number) size.get("width")).doubleValue();
        double height = Math.min(((Number) size.get("height")).doubleValue(), 6000);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.createDirectories(SCREENSHOTS);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.write(target, Base64.getDecoder().decode((String) shot.get("data")));
        return target;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
