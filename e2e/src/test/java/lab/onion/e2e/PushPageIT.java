package lab.onion.e2e;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * push-service's page in a real browser (Debian's headless Chromium, driven by playwright-core):
 * all four modes started side by side, three messages published with the page's own button,
 * each mode's pane must show all three. The script is e2e/browser/push-page.mjs.
 */
class PushPageIT {

    @Test
    void everyModeOnThePageReceivesWhatThePagePublishes() throws Exception {
        File browserDir = new File("browser");
        assumeTrue(new File(browserDir, "node_modules/playwright-core").isDirectory()
                        && new File(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")).canExecute(),
                "no Chromium or playwright-core here (scripts/ensure-browser.sh installs them on Debian)");
        int port = Lab.get().hostPort("push-service", 8080);
        File screenshot = new File("target/push-page.png");
        Process node = new ProcessBuilder("node", "push-page.mjs", "http://127.0.0.1:" + port + "/",
                Lab.PUSH_TOKEN, screenshot.getAbsolutePath())
                .directory(browserDir).redirectErrorStream(true).start();
        assertTrue(node.waitFor(90, TimeUnit.SECONDS), "the browser script did not finish");
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, node.exitValue(), "the page did not deliver in every mode:\n" + output);
        for (String mode : new String[] {"Short poll", "Long poll", "Server-Sent Events", "WebSocket"}) {
            assertTrue(output.contains("\"mode\":\"" + mode + "\""), "no pane for " + mode + ": " + output);
        }
    }
}
