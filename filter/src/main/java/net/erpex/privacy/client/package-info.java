/**
 * Who the client is: IP literals parsed without DNS, CIDR sets of trusted proxies, and the right-to-left
 * walk of {@code Forwarded} / {@code X-Forwarded-For} that stops at the first untrusted hop.
 * Servlet-free; the filter passes header lines in.
 */
package net.erpex.privacy.client;
