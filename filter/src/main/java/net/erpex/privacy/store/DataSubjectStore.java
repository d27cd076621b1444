package net.erpex.privacy.store;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A store that can find and delete the records of one data subject. {@link DataSubjectService} calls these methods on
 * its own thread, one call at a time, while the recorder thread keeps writing: implementations make a search see
 * only complete records, and an erasure lose nothing written while it runs, without holding up the writes for longer
 * than a moment.
 */
public interface DataSubjectStore {

    /** Every matching record, oldest first; each record once. */
    List<FoundRecord> find(SubjectQuery query) throws IOException;

    /**
     * Deletes every matching record.
     *
     * @return how many records were deleted, by stream (streams with none are left out)
     */
    Map<String, Integer> erase(SubjectQuery query) throws IOException;
}
