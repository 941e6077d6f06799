package lab.onion.load.cli;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Help and bad usage: exit 0 for help, 2 for anything the command line gets wrong. */
@QuarkusMainTest
class UsageTest {

    @Test
    void everyScenarioExplainsItself(QuarkusMainLauncher launcher) {
        for (String scenario : new String[] {"echo-tcp", "echo-http", "echo-grpc", "onion"}) {
            LaunchResult result = launcher.launch(scenario, "--help");
            assertEquals(0, result.exitCode(), scenario);
            assertTrue(result.getOutput().contains("--rate") && result.getOutput().contains("--max-p99"), result.getOutput());
        }
        LaunchResult push = launcher.launch("push", "--help");
        assertEquals(0, push.exitCode());
        for (String option : new String[] {"--mode", "--subscribers", "--publish-rate", "--reconnect-every", "--server", "--max-p99"}) {
            assertTrue(push.getOutput().contains(option), option + ": " + push.getOutput());
        }
    }

    @Test
    void badUsageExitsWithTwo(QuarkusMainLauncher launcher) {
        assertEquals(2, launcher.launch().exitCode());
        assertEquals(2, launcher.launch("echo-tcp", "--connections", "0").exitCode());
        assertEquals(2, launcher.launch("echo-tcp", "--duration", "soon").exitCode());
        assertEquals(2, launcher.launch("echo-http", "--no-such-option").exitCode());
        assertEquals(2, launcher.launch("echo-grpc", "--rate", "-5").exitCode());
        assertEquals(2, launcher.launch("ping").exitCode());
        assertEquals(2, launcher.launch("onion", "--measure", "speed").exitCode());
        assertEquals(2, launcher.launch("onion", "--socks", "localhost").exitCode());
        assertEquals(2, launcher.launch("onion", "--bulk-size", "lots").exitCode());
        assertEquals(2, launcher.launch("push").exitCode(), "--mode is required");
        assertEquals(2, launcher.launch("push", "--mode", "carrier-pigeon").exitCode());
        assertEquals(2, launcher.launch("push", "--mode", "short-poll", "--server", "nchan").exitCode());
        assertEquals(2, launcher.launch("push", "--mode", "ws", "--publish-rate", "0").exitCode());
        assertEquals(2, launcher.launch("push", "--mode", "ws", "--rate", "5").exitCode(), "push has --publish-rate");
    }

    @Test
    void unknownHostIsOneLineAndExitOne(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("echo-tcp", "--host", "no-such-host.invalid", "--duration", "1s");
        assertEquals(1, result.exitCode());
        assertTrue(result.getErrorOutput().contains("unknown host 'no-such-host.invalid'"), result.getErrorOutput());
    }
}
