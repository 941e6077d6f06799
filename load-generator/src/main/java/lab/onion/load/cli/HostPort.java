package lab.onion.load.cli;

import picocli.CommandLine;

import java.net.InetSocketAddress;

/** {@code HOST:PORT} on the command line. */
record HostPort(String host, int port) {

    static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not HOST:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new CommandLine.TypeConversionException("'" + text + "': port must be 1..65535");
        }
        return new HostPort(text.substring(0, colon), port);
    }

    /** Resolved now (the proxy and the direct target are reached from here). */
    InetSocketAddress resolved() {
        return new InetSocketAddress(host, port);
    }

    /** Left for the proxy's exit to resolve. */
    InetSocketAddress unresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }

    static final class Converter implements CommandLine.ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            return parse(value);
        }
    }
}
