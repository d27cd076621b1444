package net.erpex.privacy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import net.erpex.privacy.client.ClientAddress;
import net.erpex.privacy.client.ClientAddressResolver;

/**
 * Remembers what {@link ClientAddressResolver} made of a request's socket peer and forwarding headers: behind a load
 * balancer the same few proxies forward the same visitors over and over, and the resolution (splitting the chain,
 * parsing every address, walking it against the trusted proxies) is a pure function of those inputs. Only the common
 * shape is remembered (at most one line of each header, short): anything else is resolved each time, so a client
 * cannot fill the memory with long or many-lined headers. Bounded; thread-safe.
 */
final class ClientMemo {

    /** Longest forwarding header (in characters) whose resolution is remembered. */
    private static final int MAX_REMEMBERED = 256;

    /** The inputs of a resolution; {@code forwarded} tells which family {@code chain} came from. */
    private record Key(String peer, boolean secure, boolean forwarded, String chain, String proto) {

        // Written out: the generated ones go through method handles, measurable on a path run by every request.
        @Override
        public int hashCode() {
            int h = peer.hashCode();
            h = 31 * h + (secure ? 1 : 0);
            h = 31 * h + (forwarded ? 1 : 0);
            h = 31 * h + (chain == null ? 0 : chain.hashCode());
            return 31 * h + (proto == null ? 0 : proto.hashCode());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && secure == k.secure && forwarded == k.forwarded && peer.equals(k.peer)
                    && java.util.Objects.equals(chain, k.chain) && java.util.Objects.equals(proto, k.proto);
        }
    }

    private final ClientAddressResolver resolver;
    private final Cache<Key, ClientAddress> resolved;

    ClientMemo(ClientAddressResolver resolver, int size) {
        this.resolver = resolver;
        // Maintenance on the calling thread: a cache must not wake a pool thread from every request.
        this.resolved = Caffeine.newBuilder().executor(Runnable::run).maximumSize(size).build();
    }

    /** {@link ClientAddressResolver#resolve}, remembered for the common shape of request. */
    ClientAddress resolve(String peer, boolean secure, List<String> xForwardedFor, List<String> forwarded,
            List<String> xForwardedProto) {
        List<String> chainLines = xForwardedFor.isEmpty() ? forwarded : xForwardedFor;
        if (peer == null || chainLines.size() > 1 || xForwardedProto.size() > 1
                || (!xForwardedFor.isEmpty() && !forwarded.isEmpty())) {
            return resolver.resolve(peer, secure, xForwardedFor, forwarded, xForwardedProto);
        }
        String chain = chainLines.isEmpty() ? null : chainLines.get(0);
        String proto = xForwardedProto.isEmpty() ? null : xForwardedProto.get(0);
        if (chain != null && chain.length() > MAX_REMEMBERED || proto != null && proto.length() > MAX_REMEMBERED) {
            return resolver.resolve(peer, secure, xForwardedFor, forwarded, xForwardedProto);
        }
        // The family the chain came from is part of the key: the same text means different things in each.
        Key key = new Key(peer, secure, xForwardedFor.isEmpty() && chain != null, chain, proto);
        ClientAddress known = resolved.getIfPresent(key);
        if (known == null) {
            known = resolver.resolve(peer, secure, xForwardedFor, forwarded, xForwardedProto);
            resolved.put(key, known);
        }
        return known;
    }
}
