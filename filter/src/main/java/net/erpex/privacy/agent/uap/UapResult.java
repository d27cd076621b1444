package net.erpex.privacy.agent.uap;

/**
 * What uap-core's rules say about one text, field for field as its specification defines them. A field that is
 * absent is {@code ""}; a family is {@code "Other"} when no rule of its section matched.
 *
 * @param agent  the user agent ("the browser")
 * @param os     the operating system
 * @param device the device
 */
public record UapResult(Agent agent, Os os, Device device) {

    /** The family given when no rule of a section matches. */
    public static final String OTHER = "Other";

    /** A {@code user_agent_parsers} result. */
    public record Agent(String family, String major, String minor, String patch, String patchMinor) {
        static final Agent NONE = new Agent(OTHER, "", "", "", "");
    }

    /** An {@code os_parsers} result. */
    public record Os(String family, String major, String minor, String patch, String patchMinor) {
        static final Os NONE = new Os(OTHER, "", "", "", "");
    }

    /** A {@code device_parsers} result. */
    public record Device(String family, String brand, String model) {
        static final Device NONE = new Device(OTHER, "", "");
    }
}
