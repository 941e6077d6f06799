package lab.onion.load.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top command: only lists the scenarios; a run is always a subcommand. */
@TopCommand
@Command(name = "load-generator", mixinStandardHelpOptions = true, version = "load-generator 1.0.0-SNAPSHOT",
        description = {"Drives onion-lab's services and measures them honestly: closed-loop or fixed-rate load,",
                "latency percentiles from HdrHistogram, every reply checked.",
                "Exit codes: 0 ok, 1 a threshold (--max-p99, --max-errors) was exceeded or nothing succeeded, 2 bad usage."},
        subcommands = {EchoTcpCommand.class, EchoHttpCommand.class, EchoGrpcCommand.class, OnionCommand.class,
                PushCommand.class, CgroupsCommand.class, AllCommand.class})
public class LoadGeneratorCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "choose a scenario: echo-tcp, echo-http, echo-grpc, onion, push, cgroups or all");
    }
}
