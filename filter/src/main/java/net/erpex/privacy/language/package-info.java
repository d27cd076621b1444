/**
 * Which language to serve: the visitor's explicit choice, {@code Accept-Language}, the country's
 * languages, then the site default, matched against the languages the site supports. Servlet-free.
 */
package net.erpex.privacy.language;
