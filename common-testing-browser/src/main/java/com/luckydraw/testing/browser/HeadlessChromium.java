package com.luckydraw.testing.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
 * Debian's Chromium, headless, driven by Selenium through Debian's chromedriver: the real browser an admin uses.
 * Missing binaries FAIL the test with the command that installs them (infra/bin/install-browser); they never skip
 * it. Nothing is downloaded: both paths are given, so Selenium Manager is not asked to find anything.
 * Screenshots go to {@code target/screenshots} of the module under test; {@code -Dluckydraw.screenshots=<folder>}
 * (an absolute path, e.g. {@code $PWD/docs/screenshots}) refreshes the documentation's.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("luckydraw.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("luckydraw.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS =
            Path.of(System.getProperty("luckydraw.screenshots", "target/screenshots"));

    private final Path profile;
    private final ChromeDriver driver;
    private final Duration patience;

    private HeadlessChromium(Path profile, ChromeDriver driver, Duration patience) {
        this.profile = profile;
        this.driver = driver;
        this.patience = patience;
    }

    /** A browser whose {@link #waitFor} gives up after 20 seconds. */
    public static HeadlessChromium start() throws IOException {
        return start(Duration.ofSeconds(20));
    }

    /** A browser whose {@link #waitFor} gives up after {@code patience}. */
    public static HeadlessChromium start(Duration patience) throws IOException {
        requireExecutable(CHROMIUM, "Chromium");
        requireExecutable(CHROMEDRIVER, "chromedriver");
        Path profile = Files.createTempDirectory("luckydraw-chromium-profile");
        Files.createDirectories(Path.of("target"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(Path.of("target", "chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        return new HeadlessChromium(profile, new ChromeDriver(service, options), patience);
    }

    private static void requireExecutable(Path path, String what) {
        if (!Files.isExecutable(path)) {
            throw new AssertionError(what + " is missing at " + path + ": this test drives a real headless Chromium."
                    + " Install it with infra/bin/install-browser (apt-get install -y chromium chromium-driver).");
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Opens a page, logging in through the login form first when the site asks for it. */
    public void open(String url, String user, String password) {
        driver.get(url);
        if (driver.getCurrentUrl().contains("/login")) {
            logIn(user, password);
            driver.get(url);
        }
    }

    /** Fills in and sends the login form on the current page, and waits until the site lets the browser in. */
    public void logIn(String user, String password) {
        waitFor("the login form", d -> d.findElement(By.name("username")));
        driver.findElement(By.name("username")).sendKeys(user);
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor("to leave the login page", d -> !d.getCurrentUrl().contains("/login"));
    }

    public String text(By by) {
        return driver.findElement(by).getText();
    }

    /**
     * Waits until the condition holds. Pages reload themselves to stay live, so an element found a moment ago may
     * be gone: such a miss is simply tried again.
     */
    public <T> T waitFor(String what, Function<WebDriver, T> condition) {
        return waitFor(() -> what, condition);
    }

    /** As above, with a message made when the wait gives up: it can say what was seen last. */
    public <T> T waitFor(Supplier<String> what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, patience).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** How many pixels of the canvas inside {@code selector} are painted: a chart drawn, not only its axes' room. */
    public long paintedPixels(String selector) {
        Object painted = ((JavascriptExecutor) driver).executeScript("""
                const canvas = document.querySelector(arguments[0] + ' canvas');
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let n = 0;
                for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) n++; }
                return n;
                """, selector);
        return ((Number) painted).longValue();
    }

    /** A screenshot of the whole page, beyond the window's height (Chrome DevTools' captureBeyondViewport). */
    @SuppressWarnings("unchecked")
    public Path screenshot(String name) throws IOException {
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
