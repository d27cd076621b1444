/**
 * User-agent analysis: browser, operating system and device type from the {@code User-Agent} header
 * and the low-entropy client hints, reporting only what the browser really stated.
 *
 * <p>Entry point: {@link net.erpex.privacy.agent.UserAgentAnalyzer}. Servlet-free.
 */
package net.erpex.privacy.agent;
