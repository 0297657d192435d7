package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.tvlt.examples.cli.index.ClipIndex;
import ai.tvlt.examples.cli.index.Neighbour;
import ai.tvlt.examples.cli.serve.SearchRoutes;
import ai.tvlt.examples.cli.serve.TvltServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The search page at {@code /} of {@code tvlt serve --index} in a real browser: Debian's headless Chromium
 * driven by its chromedriver through Selenium, against a server on a free loopback port with the golden tiny
 * checkpoint and the index of {@link IndexedClips} (six generated clip folders and an ffmpeg-made MP4). The
 * expected orders come from {@link ClipIndex#nearest} on the same index.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} ({@code apt-get install chromium
 * chromium-driver}; {@code .ci/run} installs them). Without them the test fails when {@code CI=true} and is
 * skipped otherwise, saying why.
 */
class SearchPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path MP4 = IndexedClips.MP4;
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Held, so that its level stays: no warning that Selenium lacks the browser's CDP version (CDP is unused). */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    @TempDir
    static Path work;

    private static Path index;
    private static TvltServer server;
    private static TvltServer serverWithoutIndex;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws IOException {
        requireBrowser();
        SELENIUM_LOG.setLevel(Level.SEVERE);
        index = IndexedClips.get().index();
        server = IndexedClips.startServer(SearchRoutes.of(ClipIndex.open(index)));
        serverWithoutIndex = IndexedClips.startServer(SearchRoutes.withoutIndex());
        browser = chromium(work.resolve("chromium-profile"));
    }

    private static void requireBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String missing = CHROMIUM + " and " + CHROMEDRIVER + " are needed (apt-get install chromium chromium-driver)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but the browser test cannot run: " + missing);
        }
        assumeTrue(false, "browser test skipped: " + missing);
    }

    /** Headless, sandbox off (root), and no background traffic: the machine has no outside network. */
    private static WebDriver chromium(Path profile) throws IOException {
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1200,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        for (TvltServer s : new TvltServer[] {server, serverWithoutIndex}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void thePageLoadsAndNamesTheIndex() {
        browser.get(server.url() + "/");
        waitUntil(() -> browser.findElement(By.id("index-info")).getText().startsWith("Index of 7 clips"));
        assertEquals("tvlt search", browser.getTitle());
        assertTrue(browser.findElements(By.cssSelector("#results .result")).isEmpty());
    }

    @Test
    void anIdInTheAddressShowsItsNeighboursWithThatClipFirst() {
        browser.get(server.url() + "/?id=clip2");
        List<String> shown = resultIds(7);
        assertEquals("clip2", shown.get(0));
        assertEquals(expectedIds("clip2"), shown);
        WebElement first = browser.findElement(By.cssSelector("#results .result"));
        assertTrue(first.getText().contains("cosine 1.0000"), first.getText());
        waitUntil(() -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const img = document.querySelector('#results .result img');"
                        + " return img.complete && img.naturalWidth === 64;"));
        waitUntil(SearchPageBrowserTest::reconstructionShown);
    }

    @Test
    void anUploadShowsResultsTheVectorAndTheReconstruction() {
        browser.get(server.url() + "/");
        waitUntil(() -> "true".equals(browser.findElement(By.tagName("body")).getAttribute("data-ready")));
        browser.findElement(By.id("clip-input")).sendKeys(MP4.toAbsolutePath().toString());
        List<String> shown = resultIds(7);
        assertEquals("stereo", shown.get(0));
        assertEquals(expectedIds("stereo"), shown);
        assertTrue(browser.findElement(By.id("vector-summary")).getText().contains("dimensions\n32"),
                browser.findElement(By.id("vector-summary")).getText());
        waitUntil(SearchPageBrowserTest::reconstructionShown);
    }

    @Test
    void clickingAResultSearchesByIt() {
        browser.get(server.url() + "/?id=clip0");
        List<String> before = resultIds(7);
        String clicked = before.get(1);
        browser.findElements(By.cssSelector("#results .result a")).get(1).click();
        waitUntil(() -> firstResultId().equals(clicked));
        assertEquals(expectedIds(clicked), resultIds(7));
        assertTrue(browser.getCurrentUrl().endsWith("/?id=" + clicked), browser.getCurrentUrl());
    }

    @Test
    void withoutAnIndexAnUploadShowsTheVectorAndTheReconstructionOnly() {
        browser.get(serverWithoutIndex.url() + "/");
        waitUntil(() -> browser.findElement(By.id("index-info")).getText().startsWith("No index"));
        browser.findElement(By.id("clip-input")).sendKeys(MP4.toAbsolutePath().toString());
        waitUntil(() -> browser.findElement(By.id("vector-summary")).getText().contains("dimensions\n32"));
        waitUntil(SearchPageBrowserTest::reconstructionShown);
        assertTrue(browser.findElements(By.cssSelector("#results .result")).isEmpty());
    }

    private static boolean reconstructionShown() {
        return (Boolean) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const img = document.getElementById('reconstruction');"
                        + " return !document.getElementById('reconstruction-figure').hidden && img.complete"
                        + " && img.naturalWidth > 0;");
    }

    private static List<String> expectedIds(String id) {
        try (ClipIndex opened = ClipIndex.open(index)) {
            return opened.nearest(opened.vectorOf(id).orElseThrow(), SearchRoutes.DEFAULT_K).stream()
                    .map(Neighbour::id).toList();
        }
    }

    /** Waits until the grid holds {@code count} results, then reads their ids in rank order. */
    private static List<String> resultIds(int count) {
        waitUntil(() -> browser.findElements(By.cssSelector("#results .result")).size() == count);
        return browser.findElements(By.cssSelector("#results .result")).stream()
                .map(e -> e.getAttribute("data-clip-id")).toList();
    }

    private static String firstResultId() {
        List<WebElement> results = browser.findElements(By.cssSelector("#results .result"));
        return results.isEmpty() ? "" : results.get(0).getAttribute("data-clip-id");
    }

    /** Polls a condition of the page every 50 ms until it holds, failing after {@link #WAIT}. */
    private static void waitUntil(java.util.function.Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                // the grid was redrawn while it was read: read it again
            }
            if (System.nanoTime() > deadline) {
                fail("the page did not get there within " + WAIT.toSeconds() + " s; status: '"
                        + browser.findElement(By.id("status")).getText() + "'");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
