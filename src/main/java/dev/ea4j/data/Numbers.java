package dev.ea4j.data;

/** Strict syntax check for decimal numbers in data files (stricter than {@link Float#parseFloat}). */
final class Numbers {

    private Numbers() {}

    /**
     * True for {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}: accepts {@code .69},
     * {@code -.66}, {@code 3.}, {@code 1e-3}; rejects empty strings, {@code 1f}, {@code 0x1p3},
     * {@code Infinity}, {@code NaN} and anything with spaces.
     */
    static boolean isDecimal(CharSequence s) {
        int n = s.length(), i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int exp = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) return false;
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
