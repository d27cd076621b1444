package net.erpex.privacy.visit;

import java.io.IOException;

/**
 * Work done on the recorder's thread with its sink, in order with the records: a task submitted after a record runs
 * after that record was handed to the sink. Data-subject requests (export, erasure) use it so that a visitor's last
 * visits, still queued when they ask, are part of the answer.
 *
 * @param <T> what the task answers
 */
@FunctionalInterface
public interface SinkTask<T> {

    /** Runs with exclusive use of the sink (only the recorder thread calls a sink). */
    T run(RecordSink sink) throws IOException;
}
