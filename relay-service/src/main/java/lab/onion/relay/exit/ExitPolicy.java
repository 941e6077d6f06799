package lab.onion.relay.exit;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An exit relay's policy: ordered rules, the first that matches decides, and what no rule
 * accepts is refused (a relay is never an open proxy). An accepted address that is loopback,
 * link-local, this host's or its gateway's is refused anyway unless the deciding rule names
 * exactly that destination (a host name or a single address).
 */
public final class ExitPolicy {

    /** The lab's backends (ARCHITECTURE.md), then nothing else. */
    public static final List<String> DEFAULT_RULES = List.of(
            "accept echo-service:8081", "accept echo-service:8080", "accept push-service:8080", "reject *:*");

    private final List<ExitRule> rules;
    private final AddressGuard guard;

    public ExitPolicy(List<ExitRule> rules, AddressGuard guard) {
        this.rules = List.copyOf(rules);
        this.guard = guard;
    }

    /**
     * Parses rules as written in configuration.
     *
     * @throws IllegalArgumentException naming the rule that does not parse
     */
    public static ExitPolicy parse(List<String> rules, AddressGuard guard) {
        List<ExitRule> parsed = new ArrayList<>();
        for (String rule : rules) {
            if (!rule.isBlank()) {
                parsed.add(ExitRule.parse(rule));
            }
        }
        return new ExitPolicy(parsed, guard);
    }

    /** A policy that refuses everything (a relay without the Exit flag). */
    public static ExitPolicy rejectAll() {
        return new ExitPolicy(List.of(ExitRule.parse("reject *:*")), new AddressGuard(java.util.Set.of()));
    }

    /**
     * Before any DNS lookup: whether some rule could still accept {@code host:port}. A request
     * no rule can accept is refused without resolving the name.
     */
    public boolean mayAccept(String host, int port) {
        for (ExitRule rule : rules) {
            if (!rule.matchesPort(port)) {
                continue;
            }
            if (rule.isNameRule()) {
                if (rule.hostName().equalsIgnoreCase(host)) {
                    return rule.accept();
                }
            } else if (rule.isAnyHost()) {
                return rule.accept();
            } else if (rule.accept()) {
                return true; // an address rule: decided once the name is resolved
            }
        }
        return false;
    }

    /** The decision for {@code host:port} (host as asked) once resolved to {@code address}. */
    public ExitDecision evaluate(String host, InetAddress address, int port) {
        for (ExitRule rule : rules) {
            if (rule.matchesPort(port) && rule.matchesHost(host, address)) {
                if (!rule.accept()) {
                    return ExitDecision.reject("rule \"" + rule + "\"");
                }
                String protection = guard.protection(address);
                if (protection != null && !rule.explicit()) {
                    return ExitDecision.reject(address.getHostAddress() + " is a " + protection
                            + " address that rule \"" + rule + "\" does not name");
                }
                return ExitDecision.accept("rule \"" + rule + "\"");
            }
        }
        return ExitDecision.reject("no rule accepts it");
    }

    public List<ExitRule> rules() {
        return rules;
    }

    @Override
    public String toString() {
        return rules.toString();
    }
}
