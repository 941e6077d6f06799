package lab.onion.relay.directory;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;

/** A plaintext gRPC channel to the directory's {@code host:port}. */
public final class DirectoryChannels {

    private DirectoryChannels() {
    }

    public static ManagedChannel open(String url) {
        String target = hostPort(url);
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1) {
            throw new IllegalArgumentException("relay.directory.url '" + url + "' is not host:port");
        }
        return NettyChannelBuilder.forAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)))
                .usePlaintext().build();
    }

    /** {@code host:port} of a URL as configured (an optional {@code http://} and trailing slash removed). */
    public static String hostPort(String url) {
        String target = url.trim();
        if (target.startsWith("http://")) {
            target = target.substring("http://".length());
        }
        return target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
    }
}
