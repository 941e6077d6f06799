package lab.onion.e2e;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.DockerComposeContainer;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole lab under Compose, started once for the suite from the real docker-compose.yml and the
 * images `make images` built. Host ports are left to Docker (empty port variables), so the suite
 * runs beside a lab started with `make up` without clashing.
 */
final class Lab {

    /** Services and the container ports they publish on the host. */
    static final Map<String, List<Integer>> PUBLISHED = Map.of(
            "echo-service", List.of(8081, 8080),
            "directory-service", List.of(8080),
            "push-service", List.of(8080),
            "onion-proxy", List.of(9050, 8080));

    /** Every service of the compose file; each must become healthy before a test runs. */
    static final List<String> SERVICES = List.of("echo-service", "directory-service", "push-service",
            "relay-1", "relay-2", "relay-3", "onion-proxy");

    /** The publish token the suite's stack runs with. */
    static final String PUSH_TOKEN = "e2e-token";

    /** The directory's key pair for this run, as scripts/ensure-lab-keys.sh makes one for `make up`. */
    static final DirectoryKeys DIRECTORY_KEYS = DirectoryKeys.generate();

    private static Lab instance;

    private final DockerComposeContainer<?> compose;

    private Lab() {
        File file = new File(System.getProperty("lab.compose.file", "../docker-compose.yml"));
        String project = "onionlab-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        DockerComposeContainer<?> c = new DockerComposeContainer<>(project, file)
                .withPull(false)
                .withEnv("ECHO_TCP_HOST_PORT", "")
                .withEnv("ECHO_HTTP_HOST_PORT", "")
                .withEnv("DIRECTORY_HOST_PORT", "")
                .withEnv("PUSH_HOST_PORT", "")
                .withEnv("SOCKS_HOST_PORT", "")
                .withEnv("PROXY_HTTP_HOST_PORT", "")
                .withEnv("PUSH_PUBLISH_TOKEN", PUSH_TOKEN)
                .withEnv("DIRECTORY_IDENTITY_PRIVATE_KEY", DIRECTORY_KEYS.privateKey())
                .withEnv("DIRECTORY_PUBLIC_KEY", DIRECTORY_KEYS.publicKey());
        compose = c;
        compose.start();
        Runtime.getRuntime().addShutdownHook(new Thread(compose::stop, "lab-compose-down"));
        for (String service : SERVICES) {
            awaitHealthy(service, Duration.ofMinutes(3));
        }
    }

    /** Waits for Docker's own health check (the compose file's) to call the service healthy. */
    void awaitHealthy(String service, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String status = "unknown";
        while (System.nanoTime() < deadline) {
            status = DockerClientFactory.instance().client()
                    .inspectContainerCmd(container(service).getContainerId()).exec()
                    .getState().getHealth().getStatus();
            if ("healthy".equals(status)) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + service, e);
            }
        }
        throw new IllegalStateException(service + " not healthy after " + timeout.toSeconds() + " s (status "
                + status + "); its log:\n" + logs(service));
    }

    static synchronized Lab get() {
        if (instance == null) {
            instance = new Lab();
        }
        return instance;
    }

    ContainerState container(String service) {
        return compose.getContainerByServiceName(service)
                .or(() -> compose.getContainerByServiceName(service + "_1"))
                .orElseThrow(() -> new IllegalStateException("no container for service " + service));
    }

    /** The host port Docker picked for a service's published container port. */
    int hostPort(String service, int containerPort) {
        return Integer.parseInt(binding(service, containerPort).getHostPortSpec());
    }

    /** The host address a published port is bound to (the lab publishes on 127.0.0.1 only). */
    String hostIp(String service, int containerPort) {
        return binding(service, containerPort).getHostIp();
    }

    private Ports.Binding binding(String service, int containerPort) {
        // Inspected afresh: a restarted container may have been given another host port.
        InspectContainerResponse info = DockerClientFactory.instance().client()
                .inspectContainerCmd(container(service).getContainerId()).exec();
        Ports.Binding[] bindings = info.getNetworkSettings().getPorts().getBindings()
                .get(ExposedPort.tcp(containerPort));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException(service + " publishes no host port for " + containerPort);
        }
        return bindings[0];
    }

    /** The service's IPv4 address on one of the compose file's networks (e.g. "backend"). */
    String ipOn(String service, String network) {
        var networks = DockerClientFactory.instance().client()
                .inspectContainerCmd(container(service).getContainerId()).exec()
                .getNetworkSettings().getNetworks();
        return networks.entrySet().stream()
                .filter(e -> e.getKey().endsWith("_" + network))
                .map(e -> e.getValue().getIpAddress())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(service + " is not on network " + network
                        + " (it is on " + networks.keySet() + ")"));
    }

    String logs(String service) {
        return container(service).getLogs();
    }
}
