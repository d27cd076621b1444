package net.erpex.privacy.store;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A store that can find and delete the records of one data subject. Called on the recorder's thread only (see
 * {@link DataSubjectService}), so implementations need no locking against their own writes.
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
