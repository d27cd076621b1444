package net.erpex.privacy.client;

/**
 * The one family of forwarding headers that the trusted proxies write, chosen by the operator
 * ({@code client.forwarded-header}).
 *
 * <p>Only the chosen family is ever read. A proxy that appends to {@code X-Forwarded-For} passes a {@code Forwarded}
 * header from the client through untouched (nginx, HAProxy, the cloud load balancers all do), so a resolver that
 * looked at both would let the client choose its own address by sending the family the proxies do not write.
 */
public enum ForwardingHeaders {

    /** {@code X-Forwarded-For} for the chain and {@code X-Forwarded-Proto} for the scheme: the de-facto standard. */
    X_FORWARDED_FOR,

    /** RFC 7239 {@code Forwarded}: {@code for=} for the chain and {@code proto=} for the scheme. */
    FORWARDED
}
