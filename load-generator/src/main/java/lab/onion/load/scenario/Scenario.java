package lab.onion.load.scenario;

import lab.onion.load.client.Session;

import java.util.Map;

/** A protocol and a target: makes the sessions a run drives, and owns what they share. */
public interface Scenario extends AutoCloseable {

    /** The subcommand name, e.g. {@code echo-tcp}. */
    String name();

    /** Where the load goes, e.g. {@code 127.0.0.1:8081}. */
    String target();

    /** How many sessions (connections, or streams) the run opens. */
    int sessions();

    /** How many requests one session may have outstanding. */
    int slotsPerSession();

    Session newSession(int index);

    /** The scenario's own settings, for the report. */
    Map<String, Object> parameters();

    @Override
    void close();
}
