package lab.onion.relay.link;

import io.netty.util.AttributeKey;

final class LinkAttributes {

    static final AttributeKey<Link> LINK = AttributeKey.valueOf(Link.class, "link");

    private LinkAttributes() {
    }
}
