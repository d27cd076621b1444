package net.erpex.privacy.client;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the client behind a chain of trusted proxies.
 *
 * <p><b>Forwarding headers are forged trivially:</b> any client can send {@code X-Forwarded-For:
 * 203.0.113.7}. They are therefore read only when the socket peer is in the trusted set, and then only
 * as far as the chain stays trusted: the hops are walked right to left (the rightmost was appended by
 * the proxy nearest to us), trusted proxies are skipped, and the first untrusted hop is the client.
 * Everything to its left was written by the client or its agents and is ignored. If every hop is
 * trusted, the leftmost one is the client (as Tomcat's {@code RemoteIpFilter} does). The default,
 * an empty trusted set, ignores the headers altogether.
 *
 * <p>The chain and the scheme come from the one {@link ForwardingHeaders family} the operator configured, never
 * from the other: {@code X-Forwarded-For} with {@code X-Forwarded-Proto}, or RFC 7239 {@code Forwarded} with its
 * {@code for=} and {@code proto=}. Proxies append to the family they write and pass the other one through as the
 * client sent it, so reading both, or preferring one when present, would let the client choose its own address
 * and scheme. Ports are accepted and dropped.
 *
 * <p>Hops that carry no address, {@code unknown} and obfuscated identifiers such as {@code _hidden}, are
 * skipped and the walk goes on to their left, as RFC 7239 6.2-6.3 present them as stand-ins for an
 * address rather than as the end of the chain. Note what that trusts: if a trusted proxy writes
 * {@code for=unknown} for the machine that connected to it, the hop to its left is whatever that machine
 * claimed. Configure such proxies to write addresses, or do not trust them.
 *
 * <p>Anything else that is not an IP literal (host names, garbage, a header longer than the configured
 * limit, more hops than the configured limit) ends the walk: the result is the last address read,
 * the peer if none, with {@link ClientAddress#malformed()} set. No input makes this class throw, and it
 * never resolves names.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ClientAddressResolver {

    /** Hops examined before giving up, if not specified. */
    public static final int DEFAULT_MAX_HOPS = 32;

    /** Characters of one header (all lines together) read before treating it as malformed, if not specified. */
    public static final int DEFAULT_MAX_HEADER_CHARS = 8192;

    private static final Logger LOG = LoggerFactory.getLogger(ClientAddressResolver.class);

    private final CidrSet trustedProxies;
    private final ForwardingHeaders family;
    private final int maxHops;
    private final int maxHeaderChars;

    /**
     * Creates a resolver of {@code X-Forwarded-For} with the default limits.
     *
     * @param trustedProxies the proxies whose forwarding headers are believed; empty trusts nobody
     */
    public ClientAddressResolver(CidrSet trustedProxies) {
        this(trustedProxies, ForwardingHeaders.X_FORWARDED_FOR);
    }

    /**
     * Creates a resolver with the default limits.
     *
     * @param trustedProxies the proxies whose forwarding headers are believed; empty trusts nobody
     * @param family         the headers those proxies write; the other family is never read
     */
    public ClientAddressResolver(CidrSet trustedProxies, ForwardingHeaders family) {
        this(trustedProxies, family, DEFAULT_MAX_HOPS, DEFAULT_MAX_HEADER_CHARS);
    }

    /**
     * Creates a resolver of {@code X-Forwarded-For}.
     *
     * @param trustedProxies the proxies whose forwarding headers are believed; empty trusts nobody
     * @param maxHops        hops examined at most, right to left; at least 1
     * @param maxHeaderChars characters of one header read at most, all its lines together; at least 1
     * @throws IllegalArgumentException if a limit is below 1
     */
    public ClientAddressResolver(CidrSet trustedProxies, int maxHops, int maxHeaderChars) {
        this(trustedProxies, ForwardingHeaders.X_FORWARDED_FOR, maxHops, maxHeaderChars);
    }

    /**
     * Creates a resolver.
     *
     * @param trustedProxies the proxies whose forwarding headers are believed; empty trusts nobody
     * @param family         the headers those proxies write; the other family is never read
     * @param maxHops        hops examined at most, right to left; at least 1
     * @param maxHeaderChars characters of one header read at most, all its lines together; at least 1
     * @throws IllegalArgumentException if a limit is below 1
     */
    public ClientAddressResolver(CidrSet trustedProxies, ForwardingHeaders family, int maxHops,
                                 int maxHeaderChars) {
        this.trustedProxies = Objects.requireNonNull(trustedProxies, "trustedProxies");
        this.family = Objects.requireNonNull(family, "family");
        if (maxHops < 1) {
            throw new IllegalArgumentException("maxHops is " + maxHops + "; expected a whole number of at least 1");
        }
        if (maxHeaderChars < 1) {
            throw new IllegalArgumentException("maxHeaderChars is " + maxHeaderChars
                    + "; expected a whole number of at least 1");
        }
        this.maxHops = maxHops;
        this.maxHeaderChars = maxHeaderChars;
    }

    /**
     * Resolves the client of one request. The lists hold every line of each header in arrival order;
     * {@code null} lists and entries are tolerated and mean absent. Every header the request carried may be
     * passed: only those of the configured family are read.
     *
     * @param peerAddress    the socket peer's address as the container reports it
     * @param peerSecure     whether the connection to this server is TLS
     * @param xForwardedFor  the {@code X-Forwarded-For} lines
     * @param forwarded      the {@code Forwarded} lines
     * @param xForwardedProto the {@code X-Forwarded-Proto} lines
     * @return the client; never {@code null}
     */
    public ClientAddress resolve(String peerAddress, boolean peerSecure, List<String> xForwardedFor,
                                 List<String> forwarded, List<String> xForwardedProto) {
        Optional<InetAddress> peer = parsePeer(peerAddress);
        if (peer.isEmpty()) {
            return new ClientAddress(Optional.empty(), peerAddress == null ? "" : peerAddress, peerSecure,
                    false, false, 0);
        }
        InetAddress peerIp = peer.get();
        if (!trustedProxies.contains(peerIp)) {
            return new ClientAddress(peer, IpLiterals.format(peerIp), peerSecure, false, false, 0);
        }
        Walk walk;
        List<String> protos = List.of();
        boolean protoMalformed = false;
        if (family == ForwardingHeaders.FORWARDED) {
            if (!hasContent(forwarded)) {
                walk = Walk.peer(peerIp);
            } else if (tooLong(forwarded)) {
                walk = Walk.malformedAt(peerIp, "Forwarded header longer than " + maxHeaderChars + " characters");
            } else {
                List<ForwardedHeader.Element> elements = ForwardedHeader.parse(forwarded);
                walk = walk(peerIp, elements.size(), i -> forHop(elements.get(i)));
                protos = elements.stream().filter(e -> !e.malformed() && e.proto() != null)
                        .map(ForwardedHeader.Element::proto).toList();
            }
        } else {
            if (!hasContent(xForwardedFor)) {
                walk = Walk.peer(peerIp);
            } else if (tooLong(xForwardedFor)) {
                walk = Walk.malformedAt(peerIp, "X-Forwarded-For header longer than " + maxHeaderChars
                        + " characters");
            } else {
                List<String> entries = splitList(xForwardedFor);
                walk = walk(peerIp, entries.size(), i -> Hop.parse(entries.get(i)));
            }
            if (hasContent(xForwardedProto)) {
                protoMalformed = tooLong(xForwardedProto);
                protos = protoMalformed ? List.of() : splitList(xForwardedProto);
            }
        }
        boolean secure;
        if (protoMalformed) {
            secure = false; // unreadable, so not proven to be https
        } else if (protos.isEmpty()) {
            secure = peerSecure;
        } else {
            secure = protos.stream().allMatch(p -> p.strip().toLowerCase(Locale.ROOT).equals("https"));
        }
        String problem = protoMalformed ? "X-Forwarded-Proto header longer than " + maxHeaderChars + " characters"
                : walk.problem();
        if (problem != null) {
            LOG.debug("Forwarding headers from trusted peer {} are malformed ({}); using {}", IpLiterals.format(peerIp),
                    problem, IpLiterals.format(walk.address()));
        }
        return new ClientAddress(Optional.of(walk.address()), IpLiterals.format(walk.address()), secure,
                walk.forwarded(), problem != null, family == ForwardingHeaders.X_FORWARDED_FOR ? walk.consumed() : 0);
    }

    /**
     * Walks the hops right to left. {@link Walk#consumed()} counts the hops from the right that the result
     * accounts for: the trusted proxies, the anonymous hops between them and the client's own hop. Those left of
     * them were written by the client or before it.
     */
    private Walk walk(InetAddress peer, int hopCount, IntFunction<Hop> hopAt) {
        InetAddress lastGood = peer;
        boolean forwarded = false;
        int consumed = 0;
        int examined = 0;
        for (int i = hopCount - 1; i >= 0; i--) {
            if (examined++ == maxHops) {
                return new Walk(lastGood, forwarded, consumed, "more than " + maxHops + " hops");
            }
            Hop hop = hopAt.apply(i);
            switch (hop.kind()) {
                case ANONYMOUS:
                    continue;
                case MALFORMED:
                    return new Walk(lastGood, forwarded, consumed, "hop " + (hopCount - i)
                            + " from the right is not an IP address");
                default:
                    lastGood = hop.address();
                    forwarded = true;
                    consumed = hopCount - i;
                    if (!trustedProxies.contains(lastGood)) {
                        return new Walk(lastGood, true, consumed, null);
                    }
            }
        }
        return new Walk(lastGood, forwarded, forwarded ? consumed : 0, null);
    }

    private static Hop forHop(ForwardedHeader.Element element) {
        return element.malformed() ? Hop.MALFORMED : Hop.parse(element.forNode());
    }

    /**
     * Parses the container's peer address. Unlike a header, it comes from the socket, so a zone id
     * ({@code fe80::1%eth0}, which Java prints for link-local peers) is dropped rather than rejected.
     */
    private static Optional<InetAddress> parsePeer(String peerAddress) {
        if (peerAddress == null) {
            return Optional.empty();
        }
        String text = peerAddress.strip();
        int zone = text.indexOf('%');
        if (zone > 0 && text.indexOf(':') >= 0) {
            text = text.startsWith("[") ? text.substring(0, zone) + "]" : text.substring(0, zone);
        }
        return IpLiterals.parse(text);
    }

    private boolean tooLong(List<String> lines) {
        long total = 0;
        for (String line : lines) {
            total += line == null ? 0 : line.length() + 1;
        }
        return total - 1 > maxHeaderChars;
    }

    private static boolean hasContent(List<String> lines) {
        if (lines == null) {
            return false;
        }
        for (String line : lines) {
            if (line != null && !line.isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** Merges the lines of a comma-separated header, dropping empty elements (RFC 9110 5.6.1). */
    private static List<String> splitList(List<String> lines) {
        List<String> values = new ArrayList<>();
        for (String line : lines) {
            if (line == null) {
                continue;
            }
            for (String value : line.split(",", -1)) {
                String trimmed = value.strip();
                if (!trimmed.isEmpty()) {
                    values.add(trimmed);
                }
            }
        }
        return values;
    }

    /** Where a walk ended; {@code problem} is non-null when the chain was malformed. */
    private record Walk(InetAddress address, boolean forwarded, int consumed, String problem) {
        static Walk peer(InetAddress peer) {
            return new Walk(peer, false, 0, null);
        }

        static Walk malformedAt(InetAddress peer, String problem) {
            return new Walk(peer, false, 0, problem);
        }
    }
}
