// EA-series attention (Feng 2025, Eqs. 5-6): OpenCL C twins of dev.ea4j.kernels.EaSeriesKernels.
// Per channel c, even degree p, a_n = 2^n/n!:
//   y_i = sum_n a_n q_i^n S_n / sum_n a_n q_i^n Z_n,  S_n = sum_j kc_j^n e^{m - k_j^2} v_j,  Z_n = sum_j kc_j^n e^{m - k_j^2}
// with the reference's numerics (docs/numerics.md): shift m = min k^2 (running min with rescaling when
// causal), kc = k clamped to +-kmax = 2^(60/p), Horner in q for |q| <= 1 and in 1/q otherwise,
// denominator floored at FLT_MIN. All tensors [B, L, D] row-major; work-items adjacent in the global id
// are adjacent channels c, so loads and stores coalesce.
//
// Causal and non-causal sums over L are chunked (C rows per chunk) so that one sequence fills a device:
//   ea_chunk_sums    (b, chunk, c): the chunk's own shift and sums           -> scratch slot
//   ea_chunk_prefix  (b, c):        exclusive prefix state per chunk (in place) and the grand total
//   ea_causal_forward / ea_forward: rescan each chunk from its prefix / map each row from the total.
// scratch: [B, nChunks + 1 (total), T, D] with T = 2(p+1)+1 slots per channel: S_0..S_p, Z_0..Z_p, m.
// The total of batch b lives at tot + (b*T + t)*D + c, tot = B*nChunks*T*D.

#define MAX_TERMS 17
#define DEN_FLOOR FLT_MIN

// a_n = 2^n/n! exactly as EaMath.coefficients rounds them (double recurrence, cast to float).
__constant float EA_COEF[MAX_TERMS] = {
    1.0f, 2.0f, 2.0f, 1.3333333730697632f, 0.6666666865348816f, 0.2666666805744171f, 0.08888889104127884f,
    0.02539682574570179f, 0.0063492064364254475f, 0.0014109347248449922f, 0.0002821869566105306f,
    5.1306717068655416e-05f, 8.551119208277669e-06f, 1.3155569149603252e-06f, 1.879366919865788e-07f,
    2.5058225716634297e-08f, 3.132278214579287e-09f};

// k^2 capped at FLT_MAX so huge keys never give inf - inf in the shift.
static inline float key_square(float k) {
    return fmin(k * k, FLT_MAX);
}

// sum_n a_n q^n s_n / sum_n a_n q^n z_n: Horner in q when |q| <= 1, in 1/q (both sums / q^p) otherwise.
static inline float ratio(float q, const float *s, const float *z, int p) {
    float num = 0.0f;
    float den = 0.0f;
    if (fabs(q) <= 1.0f) {
        for (int n = p; n >= 0; n--) {
            num = num * q + EA_COEF[n] * s[n];
            den = den * q + EA_COEF[n] * z[n];
        }
    } else {
        float r = 1.0f / q;
        for (int n = 0; n <= p; n++) {
            num = num * r + EA_COEF[n] * s[n];
            den = den * r + EA_COEF[n] * z[n];
        }
    }
    return num / fmax(den, DEN_FLOOR);
}

// The denominator of ratio in the same scaling, floored at FLT_MIN.
static inline float denominator(float q, const float *z, int p) {
    float den = 0.0f;
    if (fabs(q) <= 1.0f) {
        for (int n = p; n >= 0; n--) den = den * q + EA_COEF[n] * z[n];
    } else {
        float r = 1.0f / q;
        for (int n = 0; n <= p; n++) den = den * r + EA_COEF[n] * z[n];
    }
    return fmax(den, DEN_FLOOR);
}

// pw[n] = q^n when |q| <= 1, else q^(n-p): the powers of q in ratio's scaling.
static inline void query_powers(float q, float *pw, int p) {
    float x = 1.0f;
    if (fabs(q) <= 1.0f) {
        for (int n = 0; n <= p; n++) {
            pw[n] = x;
            x *= q;
        }
    } else {
        float r = 1.0f / q;
        for (int n = p; n >= 0; n--) {
            pw[n] = x;
            x *= r;
        }
    }
}

// Lowers the running shift m to k^2 when smaller, rescaling s, z by e^{k^2 - m}; returns the new m.
static inline float shift_down(float kv, float m, float *s, float *z, int p) {
    float k2 = key_square(kv);
    if (k2 < m) {
        float f = exp(k2 - m);
        for (int n = 0; n <= p; n++) {
            s[n] *= f;
            z[n] *= f;
        }
        return k2;
    }
    return m;
}

// s_n += kc^n e v, z_n += kc^n e with e = e^{m - k^2}, kc = k clamped to +-kmax.
static inline void accumulate(float kv, float vv, float m, float kmax, float *s, float *z, int p) {
    float x = exp(m - key_square(kv));
    float kc = clamp(kv, -kmax, kmax);
    for (int n = 0; n <= p; n++) {
        z[n] += x;
        s[n] += x * vv;
        x *= kc;
    }
}

// g dy/dq with y = N/M: g sum_n a_n n q^{n-1} (s_n - y z_n) / M, in ratio's scaling (pw from query_powers).
static inline float query_gradient(float qv, float g, float yv, float den, const float *s, const float *z,
                                   const float *pw, int p) {
    float acc = 0.0f;
    if (fabs(qv) <= 1.0f) {
        for (int n = 1; n <= p; n++) acc += n * EA_COEF[n] * pw[n - 1] * (s[n] - yv * z[n]);
        return g * acc / den;
    }
    for (int n = 1; n <= p; n++) acc += n * EA_COEF[n] * pw[n] * (s[n] - yv * z[n]);
    return g * acc / (qv * den);
}

// gs_n += a_n q^n g / M, gz_n -= a_n q^n g y / M: the gradients reaching s_n and z_n.
static inline void collect_output_gradient(float g, float yv, float den, const float *pw, float *gs, float *gz,
                                           int p) {
    float gn = g / den;
    for (int n = 0; n <= p; n++) {
        float u = EA_COEF[n] * pw[n] * gn;
        gs[n] += u;
        gz[n] -= u * yv;
    }
}

// dv = sum_n gs_n kc^n e; dk = sum_n (gs_n v + gz_n) d(kc^n e)/dk (the clamp cuts the power's derivative).
static inline void key_value_gradient(float kv, float vv, float e, float kmax, const float *gs, const float *gz,
                                      __global float *dk, __global float *dv, int at, int p) {
    float kc = clamp(kv, -kmax, kmax);
    float inside = fabs(kv) <= kmax ? 1.0f : 0.0f;
    float prev = 0.0f;
    float x = e;
    float gv = 0.0f;
    float gk = 0.0f;
    for (int n = 0; n <= p; n++) {
        gv += gs[n] * x;
        gk += (gs[n] * vv + gz[n]) * (n * prev * inside - 2.0f * kv * x);
        prev = x;
        x *= kc;
    }
    dv[at] = gv;
    dk[at] = gk;
}

// Reads S, Z (slots 0..2p+1) and m (slot 2p+2) of one channel from a scratch slot; returns m.
static inline float load_state(__global const float *slot, int D, float *s, float *z, int p) {
    for (int n = 0; n <= p; n++) {
        s[n] = slot[n * D];
        z[n] = slot[(p + 1 + n) * D];
    }
    return slot[(2 * p + 2) * D];
}

// Writes S, Z and m of one channel to a scratch slot.
static inline void store_state(__global float *slot, int D, const float *s, const float *z, float m, int p) {
    for (int n = 0; n <= p; n++) {
        slot[n * D] = s[n];
        slot[(p + 1 + n) * D] = z[n];
    }
    slot[(2 * p + 2) * D] = m;
}

// Pass 1, one work-item per (b, chunk, c): the chunk's shift m = min k^2 and its sums S_n, Z_n with it.
__kernel void ea_chunk_sums(__global const float *k, __global const float *v, __global float *scratch,
                            int B, int L, int D, int p, int C, float kmax) {
    int nChunks = (L + C - 1) / C;
    int gid = get_global_id(0);
    if (gid >= B * nChunks * D) return;
    int c = gid % D;
    int bch = gid / D;
    int b = bch / nChunks;
    int i0 = (bch % nChunks) * C;
    int i1 = min(L, i0 + C);
    int base = b * L * D + c;
    // shift: the chunk's smallest k^2
    float m = INFINITY;
    for (int i = i0; i < i1; i++) m = fmin(m, key_square(k[base + i * D]));
    // sums of kc^n e^{m - k^2} (v) over the chunk's rows
    float s[MAX_TERMS];
    float z[MAX_TERMS];
    for (int n = 0; n <= p; n++) {
        s[n] = 0.0f;
        z[n] = 0.0f;
    }
    for (int i = i0; i < i1; i++) accumulate(k[base + i * D], v[base + i * D], m, kmax, s, z, p);
    store_state(scratch + bch * (2 * p + 3) * D + c, D, s, z, m, p);
}

// Pass 2, one work-item per (b, c): chunk sums -> exclusive prefix states (in place), grand total at tot.
__kernel void ea_chunk_prefix(__global float *scratch, int B, int nChunks, int D, int p, int tot) {
    int gid = get_global_id(0);
    if (gid >= B * D) return;
    int c = gid % D;
    int b = gid / D;
    int T = 2 * p + 3;
    float s[MAX_TERMS];
    float z[MAX_TERMS];
    float sc[MAX_TERMS];
    float zc[MAX_TERMS];
    for (int n = 0; n <= p; n++) {
        s[n] = 0.0f;
        z[n] = 0.0f;
    }
    float m = INFINITY;
    for (int ch = 0; ch < nChunks; ch++) {
        __global float *slot = scratch + (b * nChunks + ch) * T * D + c;
        // the chunk's own sums and shift, then the prefix before it goes in their place
        float mc = load_state(slot, D, sc, zc, p);
        store_state(slot, D, s, z, m, p);
        // combine at the common shift mn = min(m, mc): each side scaled by e^{mn - m_side} <= 1
        float mn = fmin(m, mc);
        float fr = exp(mn - m);
        float fc = exp(mn - mc);
        for (int n = 0; n <= p; n++) {
            s[n] = s[n] * fr + sc[n] * fc;
            z[n] = z[n] * fr + zc[n] * fc;
        }
        m = mn;
    }
    store_state(scratch + tot + b * T * D + c, D, s, z, m, p);
}

// Pass 2', one work-item per (b, c): sums 2(p+1) unshifted partials over chunks into the total's slots.
__kernel void ea_chunk_reduce(__global float *scratch, int B, int nChunks, int D, int p, int tot) {
    int gid = get_global_id(0);
    if (gid >= B * D) return;
    int c = gid % D;
    int b = gid / D;
    int T = 2 * p + 3;
    for (int t = 0; t < 2 * p + 2; t++) {
        float acc = 0.0f;
        for (int ch = 0; ch < nChunks; ch++) acc += scratch[((b * nChunks + ch) * T + t) * D + c];
        scratch[tot + (b * T + t) * D + c] = acc;
    }
}

// Non-causal forward, map pass, one work-item per (b, i, c): y_i = ratio(q_i) over the channel's totals.
__kernel void ea_forward(__global const float *q, __global float *y, __global const float *scratch,
                         int B, int L, int D, int p, int tot) {
    int at = get_global_id(0);
    if (at >= B * L * D) return;
    int c = at % D;
    int b = at / (L * D);
    float s[MAX_TERMS];
    float z[MAX_TERMS];
    load_state(scratch + tot + b * (2 * p + 3) * D + c, D, s, z, p);
    y[at] = ratio(q[at], s, z, p);
}

// Causal forward, pass 3, one work-item per (b, chunk, c): rescan the chunk from its prefix state.
__kernel void ea_causal_forward(__global const float *q, __global const float *k, __global const float *v,
                                __global float *y, __global const float *scratch,
                                int B, int L, int D, int p, int C, float kmax) {
    int nChunks = (L + C - 1) / C;
    int gid = get_global_id(0);
    if (gid >= B * nChunks * D) return;
    int c = gid % D;
    int bch = gid / D;
    int b = bch / nChunks;
    int i0 = (bch % nChunks) * C;
    int i1 = min(L, i0 + C);
    int base = b * L * D + c;
    float s[MAX_TERMS];
    float z[MAX_TERMS];
    float m = load_state(scratch + bch * (2 * p + 3) * D + c, D, s, z, p);
    for (int i = i0; i < i1; i++) {
        int at = base + i * D;
        // running min shift, add row i, emit y_i
        m = shift_down(k[at], m, s, z, p);
        accumulate(k[at], v[at], m, kmax, s, z, p);
        y[at] = ratio(q[at], s, z, p);
    }
}

// Non-causal backward, pass 3, one work-item per (b, chunk, c): dq for each row from the totals, and the
// chunk's partial output-gradient sums gs, gz written to its own slot (slots 0..2p+1).
__kernel void ea_backward_rows(__global const float *q, __global const float *gy, __global float *dq,
                               __global float *scratch, int B, int L, int D, int p, int C, int tot) {
    int nChunks = (L + C - 1) / C;
    int gid = get_global_id(0);
    if (gid >= B * nChunks * D) return;
    int c = gid % D;
    int bch = gid / D;
    int b = bch / nChunks;
    int i0 = (bch % nChunks) * C;
    int i1 = min(L, i0 + C);
    int base = b * L * D + c;
    int T = 2 * p + 3;
    float s[MAX_TERMS];
    float z[MAX_TERMS];
    float gs[MAX_TERMS];
    float gz[MAX_TERMS];
    float pw[MAX_TERMS];
    load_state(scratch + tot + b * T * D + c, D, s, z, p);
    for (int n = 0; n <= p; n++) {
        gs[n] = 0.0f;
        gz[n] = 0.0f;
    }
    for (int i = i0; i < i1; i++) {
        int at = base + i * D;
        // denominator and output of row i, then dq_i and row i's share of the gradients of s, z
        float den = denominator(q[at], z, p);
        float yi = ratio(q[at], s, z, p);
        query_powers(q[at], pw, p);
        dq[at] = query_gradient(q[at], gy[at], yi, den, s, z, pw, p);
        collect_output_gradient(gy[at], yi, den, pw, gs, gz, p);
    }
    __global float *slot = scratch + bch * T * D + c;
    for (int n = 0; n <= p; n++) {
        slot[n * D] = gs[n];
        slot[(p + 1 + n) * D] = gz[n];
    }
}

// Non-causal backward, map pass, one work-item per (b, j, c): dk_j, dv_j from the total gs, gz and shift m.
__kernel void ea_backward(__global const float *k, __global const float *v, __global float *dk,
                          __global float *dv, __global const float *scratch, int B, int L, int D, int p,
                          int tot, float kmax) {
    int at = get_global_id(0);
    if (at >= B * L * D) return;
    int c = at % D;
    int b = at / (L * D);
    float gs[MAX_TERMS];
    float gz[MAX_TERMS];
    float m = load_state(scratch + tot + b * (2 * p + 3) * D + c, D, gs, gz, p);
    float e = exp(m - key_square(k[at]));
    key_value_gradient(k[at], v[at], e, kmax, gs, gz, dk, dv, at, p);
}

// Causal backward, pass 3, one work-item per (b, chunk, c): forward rescan from the prefix state giving dq,
// each row's denominator and shift (work [2, B, L, D]), and the chunk's output-gradient sums gs, gz in the
// shift m_f of its first row (row i weighted by e^{m_i - m_f} <= 1), stored in its slot with m_f.
__kernel void ea_causal_backward_rows(__global const float *q, __global const float *k, __global const float *v,
                                      __global const float *y, __global const float *gy, __global float *dq,
                                      __global float *work, __global float *scratch,
                                      int B, int L, int D, int p, int C, float kmax) {
    int nChunks = (L + C - 1) / C;
    int gid = get_global_id(0);
    if (gid >= B * nChunks * D) return;
    int c = gid % D;
    int bch = gid / D;
    int b = bch / nChunks;
    int i0 = (bch % nChunks) * C;
    int i1 = min(L, i0 + C);
    int base = b * L * D + c;
    int shifts = B * L * D;
    float s[MAX_TERMS];
    float z[MAX_TERMS];
    float gs[MAX_TERMS];
    float gz[MAX_TERMS];
    float pw[MAX_TERMS];
    __global float *slot = scratch + bch * (2 * p + 3) * D + c;
    float m = load_state(slot, D, s, z, p);
    for (int n = 0; n <= p; n++) {
        gs[n] = 0.0f;
        gz[n] = 0.0f;
    }
    float mf = 0.0f;
    for (int i = i0; i < i1; i++) {
        int at = base + i * D;
        // prefix sums through row i, its denominator, dq_i; keep den and shift for the reverse scan
        m = shift_down(k[at], m, s, z, p);
        accumulate(k[at], v[at], m, kmax, s, z, p);
        if (i == i0) mf = m;
        float den = denominator(q[at], z, p);
        query_powers(q[at], pw, p);
        dq[at] = query_gradient(q[at], gy[at], y[at], den, s, z, pw, p);
        work[at] = den;
        work[shifts + at] = m;
        // row i's gradient reaching s_n, z_n of rows j <= i, expressed in the shift m_f
        collect_output_gradient(gy[at] * exp(m - mf), y[at], den, pw, gs, gz, p);
    }
    store_state(slot, D, gs, gz, mf, p);
}

// Causal backward, pass 4, one work-item per (b, c): chunk gradient sums -> exclusive suffix states in
// place, each in the shift of the next chunk's first row (what the reverse scan expects entering a chunk).
__kernel void ea_causal_suffix(__global float *scratch, int B, int nChunks, int D, int p) {
    int gid = get_global_id(0);
    if (gid >= B * D) return;
    int c = gid % D;
    int b = gid / D;
    int T = 2 * p + 3;
    float gs[MAX_TERMS];
    float gz[MAX_TERMS];
    float sc[MAX_TERMS];
    float zc[MAX_TERMS];
    for (int n = 0; n <= p; n++) {
        gs[n] = 0.0f;
        gz[n] = 0.0f;
    }
    float mnext = 0.0f;
    for (int ch = nChunks - 1; ch >= 0; ch--) {
        __global float *slot = scratch + (b * nChunks + ch) * T * D + c;
        // the chunk's own sums (in its first row's shift mf), then the suffix after it goes in their place
        float mf = load_state(slot, D, sc, zc, p);
        store_state(slot, D, gs, gz, mf, p);
        // suffix from shift m_next to mf: factor e^{m_next - mf} <= 1 (shifts fall along the sequence)
        float f = ch == nChunks - 1 ? 0.0f : exp(mnext - mf);
        for (int n = 0; n <= p; n++) {
            gs[n] = gs[n] * f + sc[n];
            gz[n] = gz[n] * f + zc[n];
        }
        mnext = mf;
    }
}

// Causal backward, pass 5, one work-item per (b, chunk, c): reverse scan of the chunk from its suffix state.
__kernel void ea_causal_backward(__global const float *q, __global const float *k, __global const float *v,
                                 __global const float *y, __global const float *gy, __global float *dk,
                                 __global float *dv, __global const float *work, __global const float *scratch,
                                 int B, int L, int D, int p, int C, float kmax) {
    int nChunks = (L + C - 1) / C;
    int gid = get_global_id(0);
    if (gid >= B * nChunks * D) return;
    int c = gid % D;
    int bch = gid / D;
    int b = bch / nChunks;
    int i0 = (bch % nChunks) * C;
    int i1 = min(L, i0 + C);
    int base = b * L * D + c;
    int shifts = B * L * D;
    float gs[MAX_TERMS];
    float gz[MAX_TERMS];
    float pw[MAX_TERMS];
    load_state(scratch + bch * (2 * p + 3) * D + c, D, gs, gz, p);
    for (int j = i1 - 1; j >= i0; j--) {
        int at = base + j * D;
        float mj = work[shifts + at];
        // move the suffix sums from shift m_{j+1} to m_j
        if (j < L - 1) {
            float f = exp(work[shifts + at + D] - mj);
            for (int n = 0; n <= p; n++) {
                gs[n] *= f;
                gz[n] *= f;
            }
        }
        // add row j's output gradient, then dk_j, dv_j from the suffix sums
        query_powers(q[at], pw, p);
        collect_output_gradient(gy[at], y[at], work[at], pw, gs, gz, p);
        float e = exp(mj - key_square(k[at]));
        key_value_gradient(k[at], v[at], e, kmax, gs, gz, dk, dv, at, p);
    }
}
