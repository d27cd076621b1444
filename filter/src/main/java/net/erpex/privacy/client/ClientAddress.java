package net.erpex.privacy.client;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Who sent a request, as far as the trusted proxies tell.
 *
 * @param address   the client address; empty only when the socket peer itself was not an IP literal
 *                  (a Unix domain socket, say) and no trusted header replaced it. Empty rather than a
 *                  made-up {@code 0.0.0.0}, so that nothing geolocates or counts a fake address.
 * @param ip        {@link IpLiterals#format canonical text} of {@code address}; when {@code address} is
 *                  empty, the peer text as the container gave it ({@code ""} if none)
 * @param secure    whether the client reached the first trusted proxy (or this server) over HTTPS
 * @param forwarded whether {@code address} came from a forwarding header rather than the socket
 * @param malformed whether a trusted peer sent a forwarding header that could not be read completely;
 *                  the result then stops at the last hop that could be read
 * @param consumedForwardedFor how many {@code X-Forwarded-For} hops, counted from the right, the result accounts
 *                  for (the trusted proxies and the client's own hop). The hops left of them are what the client
 *                  claimed, and all that an application behind the filter should still see of the header, as
 *                  Tomcat's {@code RemoteIpFilter} leaves it. 0 when the header was not walked.
 */
public record ClientAddress(Optional<InetAddress> address, String ip, boolean secure, boolean forwarded,
                            boolean malformed, int consumedForwardedFor) {

    /** Normalises {@code null} to empty. */
    public ClientAddress {
        address = Objects.requireNonNullElse(address, Optional.empty());
        ip = Objects.requireNonNullElse(ip, "");
        if (consumedForwardedFor < 0) {
            throw new IllegalArgumentException("consumedForwardedFor is " + consumedForwardedFor);
        }
    }
}
