package lab.onion.relay.directory;

import lab.onion.relay.exit.AddressGuard;
import lab.onion.relay.exit.ExitPolicy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One relay of a verified consensus, as path selection needs it: how to reach it, its flags,
 * and its exit policy (for an exit: which destinations it will connect to).
 */
public record ConsensusRelay(RelayInfo info, boolean guard, boolean exit, List<String> exitPolicy,
                             ExitPolicy policy) {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final AddressGuard NO_HOST_ADDRESSES = new AddressGuard(Set.of());

    public ConsensusRelay {
        exitPolicy = List.copyOf(exitPolicy);
    }

    /** The policy as the directory published it; a policy this client cannot parse accepts nothing. */
    static ExitPolicy parsePolicy(List<String> rules) {
        try {
            return ExitPolicy.parse(rules, NO_HOST_ADDRESSES);
        } catch (IllegalArgumentException e) {
            return ExitPolicy.rejectAll();
        }
    }

    public String nickname() {
        return info.nickname();
    }

    /** Whether this relay is an exit whose policy accepts {@code host:port} (host as the client names it). */
    public boolean allowsExitTo(String host, int port) {
        if (!exit) {
            return false;
        }
        if (isIpv4Literal(host)) {
            try {
                return policy.evaluate(host, InetAddress.getByName(host), port).accepted();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return policy.mayAccept(host, port);
    }

    public static boolean isIpv4Literal(String host) {
        return IPV4.matcher(host).matches();
    }
}
