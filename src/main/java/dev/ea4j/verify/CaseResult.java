package dev.ea4j.verify;

import java.util.Locale;

/**
 * The outcome of one conformance case.
 *
 * @param name the case
 * @param maxError max |device - reference| / max(1, max|reference|) over the compared arrays (+inf on NaN)
 * @param tolerance the allowed error
 * @param passed whether the case passed
 * @param note where the worst error is, or what went wrong; empty when there is nothing to say
 * @param implementation what ran the case's tasks on the device, as its profiler names it ({@code vector},
 *     {@code opencl}, {@code reference}; several joined by '+'); empty when the device run threw
 */
public record CaseResult(String name, double maxError, double tolerance, boolean passed, String note,
                         String implementation) {

    /** One line: {@code PASS  name  err 1.2e-07  tol 1.0e-04  [vector]  note}. */
    public String line() {
        String s = String.format(Locale.ROOT, "%s  %-52s err %-9s tol %.1e", passed ? "PASS" : "FAIL", name,
                Double.isInfinite(maxError) ? "inf" : Double.isNaN(maxError) ? "n/a" : String.format(Locale.ROOT, "%.1e", maxError),
                tolerance);
        if (!implementation.isEmpty()) s += "  [" + implementation + "]";
        return note.isEmpty() ? s : s + "  " + note;
    }
}
