package lab.onion.load.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import lab.onion.load.model.LoadModel;
import lab.onion.load.model.LoadRun;
import lab.onion.load.model.RunSettings;
import lab.onion.load.report.HtmlReport;
import lab.onion.load.report.Progress;
import lab.onion.load.report.RunReport;
import lab.onion.load.report.SummaryTable;
import lab.onion.load.scenario.Scenario;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
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

    /**
     * Builds the request/reply scenario from the subcommand's own options (already validated),
     * for {@link LoadRun}. A subcommand of another shape (push: publish and subscribe; onion: several
     * measurements) overrides {@link #execute(Progress)} instead.
     */
    protected Scenario scenario() {
        throw new UnsupportedOperationException(spec.name() + " overrides execute(Progress)");
    }

    /** Checks the subcommand's own options; throws {@link CommandLine.ParameterException} (exit 2). */
    protected abstract void validate();

    protected void positive(String option, long value) {
        if (value <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be > 0, got " + value);
        }
    }

    /** Fails early with the name, so an unknown host is one clear line, not a run full of identical errors. */
    protected void resolvable(String host) {
        resolvable(host, "--host");
    }

    protected void resolvable(String host, String option) {
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new TargetException("unknown host '" + host + "' (" + option + ")");
        }
    }

    @Override
    public Integer call() throws Exception {
        RunReport report;
        try {
            report = execute(new Progress(System.err, System.console() != null, !run.noProgress));
        } catch (TargetException e) {
            System.err.println("load-generator: " + e.getMessage());
            return 1;
        }
        SummaryTable.print(report, System.out);
        return finish(report);
    }

    /**
     * Checks the options, runs the scenario and judges the thresholds, printing nothing but the
     * progress: what {@code all} calls for each of its scenarios.
     *
     * @throws TargetException              when the target cannot be used at all
     * @throws CommandLine.ParameterException when an option is wrong
     */
    RunReport execute(Progress progress) throws InterruptedException {
        validate();
        RunSettings settings = settings();
        Scenario scenario = scenario();
        RunReport report = LoadRun.execute(scenario, settings, progress);
        return report.withThresholds(check(run, report));
    }

    /** The run options checked, as settings; throws {@link CommandLine.ParameterException} (exit 2). */
    protected RunSettings settings() {
        return run.settings(spec, model());
    }

    /** How the load is paced: {@code --rate}, or closed loop (push publishes at its own rate). */
    protected LoadModel model() {
        return run.model(spec);
    }

    protected Progress progress() {
        return new Progress(System.err, System.console() != null, !run.noProgress);
    }

    /** Writes the JSON and HTML reports if asked for; the exit code. */
    protected int finish(RunReport report) {
        if (!writeJson(run.json, report)
                || !writeHtml(run.html, new HtmlReport("load-generator: " + report.scenario()).run(report))) {
            return 1;
        }
        return report.thresholds().passed() ? 0 : 1;
    }

    /** Writes {@code value} as indented JSON when {@code file} is given; false (and one line on stderr) when it cannot. */
    static boolean writeJson(Path file, Object value) {
        if (file == null) {
            return true;
        }
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), value);
            return true;
        } catch (IOException e) {
            System.err.println("load-generator: cannot write " + file + ": " + e.getMessage());
            return false;
        }
    }

    /** Writes the page when {@code file} is given; false (and one line on stderr) when it cannot. */
    static boolean writeHtml(Path file, HtmlReport page) {
        if (file == null) {
            return true;
        }
        try {
            page.write(file);
            return true;
        } catch (IOException e) {
            System.err.println("load-generator: cannot write " + file + ": " + e.getMessage());
            return false;
        }
    }

    /** Judges a report by the thresholds in {@code run}; a run where nothing succeeded never passes. */
    static RunReport.Thresholds check(RunOptions run, RunReport report) {
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
        return new RunReport.Thresholds(maxP99Ms, run.maxErrors, violations.isEmpty(), violations);
    }

    /** The target cannot be used at all (e.g. an unknown host): reported in one line, exit 1. */
    protected static final class TargetException extends RuntimeException {
        protected TargetException(String message) {
            super(message, null, false, false);
        }
    }
}
