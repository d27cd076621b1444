/**
 * Referrer summaries: the referring page without query or fragment, and the kind of site it is.
 *
 * <p>Entry point: {@link net.erpex.privacy.referrer.ReferrerSummarizer}. Servlet-free.
 */
package net.erpex.privacy.referrer;
