/**
 * Where records are kept, and a visitor's access and erasure requests against them, without the servlet API.
 *
 * <ul>
 *   <li>{@link net.erpex.privacy.store.JsonLinesStore}: the embedded default, daily JSON-lines files;</li>
 *   <li>{@link net.erpex.privacy.store.PostgresStore}: day-partitioned PostgreSQL tables written in one transaction
 *       per batch, idempotent by record id, with a local {@link net.erpex.privacy.store.Spool} that keeps records in
 *       order while the database does not answer and replays them when it does;</li>
 *   <li>{@link net.erpex.privacy.store.DataSubjectService}: export and erasure by session hash, consent id, or
 *       address and dates, run on the recorder thread so records still in flight are included.</li>
 * </ul>
 */
package net.erpex.privacy.store;
