/**
 * What a response is and which requests are page views: the browser's Fetch Metadata ({@code Sec-Fetch-Dest}) and,
 * for clients that send none, the response's {@code Content-Type} tell a document from the stylesheets, scripts and
 * images it loads; {@code Cache-Control} tells whether a shared cache may store it. The filter spends its work in
 * proportion: a Content-Security-Policy and a new session only where a document is served, a visit record only for a
 * page view (with {@code visits.record=pages}).
 *
 * <p>Servlet-free: the filter passes header values in. Every value comes from the client or the application and is
 * read without allocating on the request thread.
 */
package net.erpex.privacy.page;
