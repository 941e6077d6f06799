package lab.onion.relay.directory;

import lab.onion.relay.cell.LinkSpecifier;
import lab.onion.relay.crypto.NodeId;
import lab.onion.relay.crypto.Ntor;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What a client knows of a relay, as the consensus will say it: nickname, link address, Ed25519
 * identity key and ntor onion key. The node ID is derived (SHA-1 of the identity key).
 */
public record RelayInfo(String nickname, InetSocketAddress linkAddress, byte[] identityKey, byte[] onionKey) {

    public RelayInfo {
        if (linkAddress.isUnresolved() || !(linkAddress.getAddress() instanceof Inet4Address)) {
            throw new IllegalArgumentException("relay " + nickname + " needs a resolved IPv4 link address, not "
                    + linkAddress);
        }
        identityKey = identityKey.clone();
        onionKey = onionKey.clone();
    }

    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }

    @Override
    public byte[] onionKey() {
        return onionKey.clone();
    }

    public byte[] nodeId() {
        return NodeId.of(identityKey);
    }

    public Ntor.RelayPublicKey ntorKey() {
        return new Ntor.RelayPublicKey(nodeId(), onionKey);
    }

    /** EXTEND2's link specifiers in the order tor-spec 5.1.2 recommends: [00], [02], [03]. */
    public List<LinkSpecifier> linkSpecifiers() {
        return List.of(
                new LinkSpecifier.Ipv4(linkAddress.getAddress(), linkAddress.getPort()),
                new LinkSpecifier.LegacyId(nodeId()),
                new LinkSpecifier.Ed25519Id(identityKey));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelayInfo other && other.nickname.equals(nickname) && other.linkAddress.equals(linkAddress)
                && java.util.Arrays.equals(other.identityKey, identityKey)
                && java.util.Arrays.equals(other.onionKey, onionKey);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(identityKey);
    }

    @Override
    public String toString() {
        return nickname + "@" + linkAddress.getAddress().getHostAddress() + ":" + linkAddress.getPort();
    }
}
