package net.erpex.privacy;

/**
 * Where the filter's records go and whether they get there, for a health check (the Spring Boot starter's
 * {@code privacy} health component shows it).
 *
 * @param store         the kind of {@code visits.store}: jsonl, slf4j, jdbc or jndi
 * @param storeUp       whether the store takes records now: the JSON-lines directory is writable, the database
 *                      answered its last use (records wait in the spool while it does not)
 * @param queued        records waiting for the recorder thread
 * @param queueCapacity {@code visits.queue-capacity}
 * @param spooled       records waiting in the spool for the database (0 without a database)
 * @param spoolLimit    {@code visits.spool-max} with a database, 0 without
 */
public record PrivacyHealth(String store, boolean storeUp, int queued, int queueCapacity, long spooled,
                            long spoolLimit) {
}
