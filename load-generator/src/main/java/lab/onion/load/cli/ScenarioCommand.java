package lab.onion.load.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import lab.onion.load.model.LoadModel;
import lab.onion.load.model.RunSettings;
import lab.onion.load.report.Progress;
import lab.onion.load.report.RunReport;
import lab.onion.load.report.SummaryTable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** What every scenario subcommand does: check options, run, print, write JSON, judge thresholds. */
public abstract class ScenarioCommand implements Callable<Integer> {

    @Mixin
    RunOptions run;

    @Spec
    CommandSpec spec;

    @Inject
    Vertx vertx;

    /** Checks the subcommand's own options; throws {@link CommandLine.ParameterException} (exit 2). */
    protected abstract void validate();

    /** How the load is paced; throws {@link CommandLine.ParameterException} (exit 2) for a bad rate. */
    protected abstract LoadModel model();

    /**
     * Runs the load and returns its report (thresholds not yet judged); throws {@link TargetException} when the
     * target cannot be used at all.
     */
    protected abstract RunReport execute(RunSettings settings, Progress progress) throws Exception;

    /** Thresholds of the subcommand's own, added to {@code --max-p99} and {@code --max-errors}. */
    protected void check(RunReport report, List<String> violations) {
    }

    protected void positive(String option, long value) {
        if (value <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be > 0, got " + value);
        }
    }

    /** Fails early with the name, so an unknown host is one clear line, not a run full of identical errors. */
    protected void resolvable(String host) {
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new TargetException("unknown host '" + host + "' (--host)");
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        if (run.duration.isZero() || run.duration.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be > 0");
        }
        RunSettings settings = new RunSettings(model(), run.duration, run.warmup, run.grace, run.seed);
        Progress progress = new Progress(System.err, System.console() != null, !run.noProgress);
        RunReport report;
        try {
            report = execute(settings, progress);
        } catch (TargetException e) {
            System.err.println("load-generator: " + e.getMessage());
            return 1;
        }
        report = report.withThresholds(check(report));
        SummaryTable.print(report, System.out);
        if (run.json != null) {
            try {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(run.json.toFile(), report);
            } catch (IOException e) {
                System.err.println("load-generator: cannot write " + run.json + ": " + e.getMessage());
                return 1;
            }
        }
        return report.thresholds().passed() ? 0 : 1;
    }

    private RunReport.Thresholds check(RunReport report) {
        List<String> violations = new ArrayList<>();
        Double maxP99Ms = run.maxP99 == null ? null : run.maxP99.toNanos() / 1e6;
        if (maxP99Ms != null && report.latencyMs().p99() > maxP99Ms) {
            violations.add(String.format(Locale.ROOT, "p99 %.3f ms > --max-p99 %.3f ms", report.latencyMs().p99(), maxP99Ms));
        }
        if (run.maxErrors != null && report.errorCount() > run.maxErrors) {
            violations.add(String.format(Locale.ROOT, "%,d errors > --max-errors %,d", report.errorCount(), run.maxErrors));
        }
        if (report.requests().ok() == 0) {
            violations.add(report.push() == null ? "no request succeeded" : "no message delivered");
        }
        check(report, violations);
        return new RunReport.Thresholds(maxP99Ms, run.maxErrors, violations.isEmpty(), violations);
    }

    /** The target cannot be used at all (e.g. an unknown host): reported in one line, exit 1. */
    protected static final class TargetException extends RuntimeException {
        public TargetException(String message) {
            super(message, null, false, false);
        }
    }
}
