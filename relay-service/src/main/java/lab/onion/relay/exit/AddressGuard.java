package lab.onion.relay.exit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Addresses an exit never connects to unless a rule names them explicitly: this host's own
 * addresses, loopback, link-local, wildcard and multicast addresses, and the default gateway
 * (in Docker, the host). A relay must not become a door into the machine it runs on.
 */
public final class AddressGuard {

    private final Set<InetAddress> hostAddresses;

    public AddressGuard(Set<InetAddress> hostAddresses) {
        this.hostAddresses = Set.copyOf(hostAddresses);
    }

    /** The addresses of this host's interfaces and its default gateways, as found now. */
    public static AddressGuard forThisHost() {
        Set<InetAddress> addresses = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addresses.addAll(Collections.list(nic.getInetAddresses()));
            }
        } catch (SocketException e) {
            // without interface information, the fixed classes below still apply
        }
        addresses.addAll(defaultGateways(Path.of("/proc/net/route")));
        return new AddressGuard(addresses);
    }

    /** Whether {@code address} is refused unless explicitly accepted; the reason, else null. */
    public String protection(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isAnyLocalAddress()) {
            return "wildcard";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        if (hostAddresses.contains(address)) {
            return "this host's or its gateway's";
        }
        return null;
    }

    /** Gateways of default routes in Linux's {@code /proc/net/route} (hex, little-endian). */
    static Set<InetAddress> defaultGateways(Path routeTable) {
        Set<InetAddress> gateways = new HashSet<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(routeTable);
        } catch (IOException e) {
            return gateways;
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 2 && fields[1].equals("00000000") && fields[2].length() == 8) {
                long hex = Long.parseLong(fields[2], 16);
                byte[] address = {(byte) hex, (byte) (hex >> 8), (byte) (hex >> 16), (byte) (hex >> 24)};
                try {
                    gateways.add(InetAddress.getByAddress(address));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes are an IPv4 address", e);
                }
            }
        }
        return gateways;
    }
}
