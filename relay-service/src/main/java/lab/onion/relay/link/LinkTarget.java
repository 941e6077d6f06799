package lab.onion.relay.link;

import lab.onion.relay.cell.Hex;

import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * The relay at the other end of a link we open: its link address and its node ID. A link is
 * reused only for the same address and ID (tor-spec 5.3.1, "Canonical connections").
 */
public record LinkTarget(InetSocketAddress address, byte[] nodeId) {

    public LinkTarget {
        nodeId = nodeId.clone();
    }

    @Override
    public byte[] nodeId() {
        return nodeId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkTarget other && other.address.equals(address) && Arrays.equals(other.nodeId, nodeId);
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + Arrays.hashCode(nodeId);
    }

    @Override
    public String toString() {
        return address.getHostString() + ":" + address.getPort() + " (" + Hex.of(nodeId).substring(0, 8) + ")";
    }
}
