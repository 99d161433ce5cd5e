package net.flydex.server.http;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reverse proxies and load balancers in front of a node, whose {@code X-Forwarded-For} is
 * believed. Rate limits and "requested from" key on the caller's address; behind a proxy the
 * socket's peer is the proxy, so every person would share one budget. The client is the address
 * the nearest untrusted hop connected from: the header is read from the right, past the proxies
 * named here, because everything left of that hop was written by the client and may be anything.
 * With no proxies named, the header is ignored and the peer is the client.
 */
public final class TrustedProxies {
    /** No proxy in front: forwarded headers are ignored. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());
    /** A chain of proxies is a handful of hops; reading more would let one header cost unbounded work. */
    static final int MAX_HOPS = 32;

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * Addresses or CIDR ranges, such as {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code fd00::/8};
     * only literal addresses, so reading the configuration never asks DNS.
     *
     * @throws IllegalArgumentException naming the first entry that is not one
     */
    public static TrustedProxies parse(List<String> specs) {
        List<Range> ranges = new ArrayList<>();
        for (String spec : specs) {
            ranges.add(Range.parse(spec.strip()));
        }
        return new TrustedProxies(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /**
     * The client's address, given the socket's {@code peer} and the {@code X-Forwarded-For}
     * values as they came (one per header line, each possibly a comma-separated list).
     */
    public String clientOf(String peer, List<String> forwardedFor) {
        Optional<InetAddress> peerAddress = IpLiteral.parse(withoutPort(peer));
        if (peerAddress.isEmpty() || !trusts(peerAddress.get())) {
            return peer;
        }
        List<String> hops = hops(forwardedFor);
        String client = peerAddress.get().getHostAddress();
        for (int i = hops.size() - 1; i >= 0 && i >= hops.size() - MAX_HOPS; i--) {
            Optional<InetAddress> hop = IpLiteral.parse(withoutPort(hops.get(i)));
            if (hop.isEmpty()) {
                return client; // Garbage past a trusted proxy: the last address a trusted hop vouched for.
            }
            client = hop.get().getHostAddress();
            if (!trusts(hop.get())) {
                return client;
            }
        }
        return client;
    }

    private boolean trusts(InetAddress address) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    private static List<String> hops(List<String> headerValues) {
        List<String> hops = new ArrayList<>();
        for (String value : headerValues) {
            for (String hop : value.split(",")) {
                hops.add(hop.strip());
            }
        }
        return hops;
    }

    /** {@code 203.0.113.7:4711} and {@code [2001:db8::1]:4711} as proxies may write them, without the port. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[") && hop.contains("]")) {
            return hop.substring(1, hop.indexOf(']'));
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }

    /** One address block: the first {@code prefix} bits of {@code network}. */
    private record Range(byte[] network, int prefix) {
        static Range parse(String spec) {
            int slash = spec.indexOf('/');
            String address = slash < 0 ? spec : spec.substring(0, slash);
            InetAddress network = IpLiteral.parse(address).orElseThrow(() -> new IllegalArgumentException(
                    "not an IP address or CIDR range: " + spec));
            int bits = network.getAddress().length * Byte.SIZE;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(spec.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("not a CIDR prefix length (0 to " + bits + "): " + spec);
                }
            }
            return new Range(network.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int shift = network.length * Byte.SIZE - prefix;
            return new BigInteger(1, bytes).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
        }
    }
}
