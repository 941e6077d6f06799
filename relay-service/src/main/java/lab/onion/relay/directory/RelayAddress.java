package lab.onion.relay.directory;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

/** The relay's IPv4 address on the onion network, as its descriptor publishes it. */
public final class RelayAddress {

    private RelayAddress() {
    }

    /**
     * {@code configured} when set; else the address this host uses to reach the directory (the
     * relays and the proxy share the directory's network, so that is the address they can reach
     * too, even when the relay, like an exit, is on several networks); else the first
     * non-loopback IPv4 address of an interface that is up.
     */
    public static String resolve(Optional<String> configured, String directoryHostPort) {
        if (configured.isEmpty() || configured.get().isBlank()) {
            Optional<String> towardDirectory = sourceAddressToward(directoryHostPort);
            if (towardDirectory.isPresent()) {
                return towardDirectory.get();
            }
        }
        return resolve(configured);
    }

    /**
     * The local IPv4 address the kernel's routing picks for {@code host:port}. A UDP "connect"
     * only selects the route and source address: no packet is sent.
     */
    static Optional<String> sourceAddressToward(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(InetAddress.getByName(host), 9));
            InetAddress local = probe.getLocalAddress();
            if (local instanceof Inet4Address && !local.isAnyLocalAddress() && !local.isLoopbackAddress()) {
                return Optional.of(local.getHostAddress());
            }
        } catch (IOException | RuntimeException unreachable) {
            // name not resolvable yet, or no route: fall back to the interfaces
        }
        return Optional.empty();
    }

    /** {@code configured} when set, else the first non-loopback IPv4 address of an interface that is up. */
    public static String resolve(Optional<String> configured) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            String address = configured.get().trim();
            if (!ConsensusRelay.isIpv4Literal(address)) {
                throw new IllegalArgumentException("relay.address '" + address
                        + "' is not an IPv4 literal (dotted quad, e.g. 10.10.0.11)");
            }
            return address;
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("relay.address unset and the network interfaces cannot be listed: "
                    + e.getMessage());
        }
        throw new IllegalStateException("relay.address unset and this host has no non-loopback IPv4 address");
    }
}
