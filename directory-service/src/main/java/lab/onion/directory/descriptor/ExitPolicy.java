package lab.onion.directory.descriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An exit policy: rules {@code accept|reject host:port} tried in order, the first match decides,
 * no match refuses (an implicit final {@code reject *:*}). The grammar is documented in
 * directory.proto; rules must be in their canonical spelling, so the text a relay signed is the
 * text every reader evaluates. The exit relay evaluates the same rules against BEGIN's
 * {@code host:port}, as this class does in {@link #allows}.
 */
public final class ExitPolicy {

    public static final int MAX_RULES = 64;
    public static final int MAX_RULE_LENGTH = 255;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

    private final List<Rule> rules;

    private ExitPolicy(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Parses the rules of a descriptor; throws {@link IllegalArgumentException} naming the first bad rule. */
    public static ExitPolicy parse(List<String> rules) {
        if (rules.size() > MAX_RULES) {
            throw new IllegalArgumentException("exit policy has " + rules.size() + " rules, at most " + MAX_RULES);
        }
        List<Rule> parsed = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            try {
                parsed.add(Rule.parse(rules.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("exit policy rule " + (i + 1) + " '" + rules.get(i) + "': " + e.getMessage());
            }
        }
        return new ExitPolicy(parsed);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Whether the policy lets an exit connect to {@code host:port} (host as named in BEGIN). */
    public boolean allows(String host, int port) {
        for (Rule rule : rules) {
            if (rule.matches(host, port)) {
                return rule.accept();
            }
        }
        return false;
    }

    /** Whether some destination is accepted: an accept rule comes before any {@code reject *:*}. */
    public boolean acceptsAnything() {
        for (Rule rule : rules) {
            if (rule.accept()) {
                return true;
            }
            if (rule.host().kind() == HostKind.ANY && rule.port() == Rule.ANY_PORT) {
                return false;
            }
        }
        return false;
    }

    public enum HostKind { ANY, PREFIX, NAME }

    /**
     * Which hosts a rule names: any, an IPv4 prefix (a single address is a /32), or one host name.
     * For a name, {@code name} is set; for a prefix, {@code network} and {@code prefixLength}.
     */
    public record HostPattern(HostKind kind, String name, long network, int prefixLength) {

        static HostPattern parse(String text) {
            if (text.equals("*")) {
                return new HostPattern(HostKind.ANY, null, 0, 0);
            }
            int slash = text.indexOf('/');
            if (slash >= 0) {
                long network = Ipv4.parse(text.substring(0, slash));
                int length = decimal(text.substring(slash + 1), 32);
                if (network < 0 || length < 0) {
                    throw new IllegalArgumentException("'" + text + "' is not an IPv4 prefix like 10.0.0.0/8");
                }
                if ((network & ~mask(length) & 0xffff_ffffL) != 0) {
                    throw new IllegalArgumentException("prefix " + text + " has host bits set (write "
                            + Ipv4.format(network & mask(length)) + "/" + length + ")");
                }
                return new HostPattern(HostKind.PREFIX, null, network, length);
            }
            long address = Ipv4.parse(text);
            if (address >= 0) {
                return new HostPattern(HostKind.PREFIX, null, address, 32);
            }
            if (DIGITS_AND_DOTS.matcher(text).matches()) {
                throw new IllegalArgumentException("'" + text + "' is neither an IPv4 address nor a host name");
            }
            if (text.length() > 253) {
                throw new IllegalArgumentException("host name longer than 253 characters");
            }
            for (String label : text.split("\\.", -1)) {
                if (!LABEL.matcher(label).matches()) {
                    throw new IllegalArgumentException("'" + text
                            + "' is not a host name (lowercase letters, digits, '-' and '.'), an IPv4 address or prefix, or *");
                }
            }
            return new HostPattern(HostKind.NAME, text, 0, 0);
        }

        boolean matches(String host) {
            switch (kind) {
                case ANY:
                    return true;
                case PREFIX: {
                    long address = Ipv4.parse(host);
                    return address >= 0 && (address & mask(prefixLength)) == network;
                }
                default: {
                    String normalized = host.toLowerCase(Locale.ROOT);
                    if (normalized.endsWith(".")) {
                        normalized = normalized.substring(0, normalized.length() - 1);
                    }
                    return normalized.equals(name);
                }
            }
        }

        @Override
        public String toString() {
            switch (kind) {
                case ANY:
                    return "*";
                case PREFIX:
                    return prefixLength == 32 ? Ipv4.format(network) : Ipv4.format(network) + "/" + prefixLength;
                default:
                    return name;
            }
        }

        private static long mask(int length) {
            return length == 0 ? 0 : (0xffff_ffffL << (32 - length)) & 0xffff_ffffL;
        }
    }

    /** One rule; {@code port} is {@link #ANY_PORT} for {@code *}. */
    public record Rule(boolean accept, HostPattern host, int port) {

        public static final int ANY_PORT = 0;

        public static Rule parse(String text) {
            if (text == null || text.isEmpty()) {
                throw new IllegalArgumentException("empty rule");
            }
            if (text.length() > MAX_RULE_LENGTH) {
                throw new IllegalArgumentException("longer than " + MAX_RULE_LENGTH + " characters");
            }
            boolean accept;
            String target;
            if (text.startsWith("accept ")) {
                accept = true;
                target = text.substring(7);
            } else if (text.startsWith("reject ")) {
                accept = false;
                target = text.substring(7);
            } else {
                throw new IllegalArgumentException("must start with 'accept ' or 'reject '");
            }
            int colon = target.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("missing ':port' (use ':*' for any port)");
            }
            String portText = target.substring(colon + 1);
            int port = portText.equals("*") ? ANY_PORT : decimal(portText, 65535);
            if (port < 0 || (port == ANY_PORT && !portText.equals("*"))) {
                throw new IllegalArgumentException("port '" + portText + "' is not * or 1..65535");
            }
            Rule rule = new Rule(accept, HostPattern.parse(target.substring(0, colon)), port);
            if (!rule.toString().equals(text)) {
                throw new IllegalArgumentException("not in canonical form (expected '" + rule + "')");
            }
            return rule;
        }

        public boolean matches(String destinationHost, int destinationPort) {
            return (port == ANY_PORT || port == destinationPort) && host.matches(destinationHost);
        }

        @Override
        public String toString() {
            return (accept ? "accept " : "reject ") + host + ":" + (port == ANY_PORT ? "*" : Integer.toString(port));
        }
    }

    /** A decimal number without sign or leading zeros, at most {@code max}; -1 otherwise. */
    private static int decimal(String text, int max) {
        if (text.isEmpty() || text.length() > 5 || (text.length() > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }
}
