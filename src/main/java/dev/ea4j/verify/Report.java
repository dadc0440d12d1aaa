package dev.ea4j.verify;

import java.util.List;

/**
 * All case results for one device.
 *
 * @param device the id of the device checked
 * @param reference the id of the reference device
 * @param results one per case, in run order
 */
public record Report(String device, String reference, List<CaseResult> results) {

    /** Whether every case passed. */
    public boolean passed() {
        return failures() == 0;
    }

    /** The number of failed cases. */
    public int failures() {
        return (int) results.stream().filter(r -> !r.passed()).count();
    }

    /** One line: how many cases passed on which device. */
    public String summary() {
        int n = results.size(), f = failures();
        return (f == 0 ? "conformance OK: " : "conformance FAILED: ") + (n - f) + "/" + n + " cases passed on "
                + device + " (reference " + reference + ")" + (f == 0 ? "" : ", " + f + " mismatches");
    }
}
