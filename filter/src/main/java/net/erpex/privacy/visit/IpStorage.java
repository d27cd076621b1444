package net.erpex.privacy.visit;

/** How a visitor's IP address is stored in a record; see {@link IpAnonymizer}. */
public enum IpStorage {
    /** The whole address. */
    FULL,
    /** The network part only: IPv4 /24, IPv6 /48. */
    TRUNCATED,
    /** A keyed hash: the same visitor gets the same value, but the address cannot be read back. */
    HASHED
}
