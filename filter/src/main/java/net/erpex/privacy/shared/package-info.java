/**
 * What must be unique or counted across the nodes of a site, with an expiry: used proofs, rate-limit buckets, revoked
 * sessions. Entry point: {@link net.erpex.privacy.shared.SharedState}. Servlet-free.
 */
package net.erpex.privacy.shared;
