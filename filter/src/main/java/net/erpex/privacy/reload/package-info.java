/**
 * Files replaced while the filter runs (the GeoIP database, the user-agent rules), picked up without a restart.
 * Servlet-free.
 */
package net.erpex.privacy.reload;
