package lab.onion.e2e;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.DockerComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

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
            "echo-service", List.of(8081, 8080));

    private static Lab instance;

    private final DockerComposeContainer<?> compose;

    private Lab() {
        File file = new File(System.getProperty("lab.compose.file", "../docker-compose.yml"));
        String project = "onionlab-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        DockerComposeContainer<?> c = new DockerComposeContainer<>(project, file)
                .withPull(false)
                .withEnv("ECHO_TCP_HOST_PORT", "")
                .withEnv("ECHO_HTTP_HOST_PORT", "");
        for (String service : PUBLISHED.keySet()) {
            c = c.waitingFor(service, Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(3)));
        }
        compose = c;
        compose.start();
        Runtime.getRuntime().addShutdownHook(new Thread(compose::stop, "lab-compose-down"));
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
        InspectContainerResponse info = container(service).getContainerInfo();
        Ports.Binding[] bindings = info.getNetworkSettings().getPorts().getBindings()
                .get(ExposedPort.tcp(containerPort));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException(service + " publishes no host port for " + containerPort);
        }
        return bindings[0];
    }

    String logs(String service) {
        return container(service).getLogs();
    }
}
