package lab.onion.load.cli;

import lab.onion.load.model.LoadModel;
import lab.onion.load.model.LoadRun;
import lab.onion.load.model.RunSettings;
import lab.onion.load.report.Progress;
import lab.onion.load.report.RunReport;
import lab.onion.load.scenario.Scenario;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** A request/reply scenario (echo-tcp, echo-http, echo-grpc): sessions driven closed loop or at a fixed rate. */
public abstract class EchoScenarioCommand extends ScenarioCommand {

    @Option(names = "--rate", paramLabel = "R",
            description = "Fixed rate: R requests/s in total, open loop, latency measured from each request's "
                    + "intended send time (coordinated omission corrected, as wrk2). Without it: closed loop.")
    Double rate;

    /** Builds the scenario from the subcommand's own options (already validated). */
    protected abstract Scenario scenario();

    @Override
    protected LoadModel model() {
        if (rate != null && !(rate > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be > 0 requests/s, got " + rate);
        }
        return rate == null ? new LoadModel.ClosedLoop() : new LoadModel.FixedRate(rate);
    }

    @Override
    protected RunReport execute(RunSettings settings, Progress progress) throws InterruptedException {
        return LoadRun.execute(scenario(), settings, progress);
    }
}
