// EA-series attention (Feng 2025, Eqs. 5-6): OpenCL C twins of dev.ea4j.kernels.EaSeriesKernels.
// Per channel c, even degree p, a_n = 2^n/n!:
//   y_i = sum_n a_n q_i^n S_n / sum_n a_n q_i^n Z_n,  S_n = sum_j kc_j^n e^{m - k_j^2} v_j,  Z_n = sum_j kc_j^n e^{m - k_j^2}
// with the reference's numerics (docs/numerics.md): shift m = min k^2 (running min with rescaling when
// causal), kc = k clamped to +-kmax = 2^(60/p), Horner in q for |q| <= 1 and in 1/q otherwise,
// denominator floored at FLT_MIN. All tensors [B, L, D] row-major.
//
// Built once per (P, VW) (OpenClEaSeries.defines): P = p, the degree, a compile-time constant so the term
// loops unroll and the per-term state lives in registers; VW = channels per work-item (1, 2, 4, 8 or 16,
// dividing D), the state and arithmetic in floatVW so CPU compilers (PoCL) emit SIMD code directly. Per-lane
// branches of the scalar reference (|q| <= 1, the running-min rescale, the key clamp) are selects that give
// the same values lane by lane. GPUs use VW = 1: adjacent work-items are adjacent channels (coalesced).
//
// Sums over L are chunked (C rows per chunk) so that one sequence fills a device:
//   ea_chunk_sums    (b, chunk, c): the chunk's own shift and sums           -> scratch slot
//   ea_chunk_prefix  (b, c):        exclusive prefix state per chunk (in place) and the grand total
//   ea_forward, ea_training_forward: map each chunk's rows from the total; the training variant also
//                                   copies the total to sums [B, T, D] (chunk 0's work-items)
//   ea_causal_forward, ea_causal_training_forward: rescan each chunk from its prefix; the training
//                                   variant also saves the state before every 64th row (checkpoints)
// Non-causal backward, from the training forward's sums (no pass over k, v for the totals):
// ea_backward_rows (dq, each chunk's gradient sums -> scratch slot), ea_chunk_reduce (their total at tot),
// ea_backward (dk, dv from that total and the sums' shift).
// Causal backward, from the training forward's checkpoints (chunks of a multiple of 64 rows):
//   ea_causal_backward_rows (b, chunk, c): replay the chunk, its gradient sums -> scratch slot
//   ea_causal_suffix        (b, c):        exclusive suffix state per chunk (in place)
//   ea_causal_backward      (b, chunk, c): per span of 64 rows, last first: replay it from its checkpoint
//                                   (dq; y, denominator, shift, key weight per row into a small stash),
//                                   then scan it in reverse from the suffix: dk, dv.
// With one chunk (CPU devices with enough channels) the launcher skips the passes over chunks (and the causal
// passes feeding only them): the scans start from the empty state (fresh = 1) and the total is the chunk's
// own slot (tot = 0).
// scratch: [B, nChunks + 1 (total), T, D] with T = 2(p+1)+1 slots per channel: S_0..S_p, Z_0..Z_p, m.
// The total of batch b lives at tot + (b*T + t)*D + c, tot = B*nChunks*T*D (or 0 with one chunk).
// sums (EaSeriesKernels.trainingForward's): [B, T, D], the forward total in the same layout.

#ifndef P
#error "ea_series.cl needs -DP=<degree>"
#endif
#ifndef VW
#define VW 1
#endif

#define NT (P + 1)
#define CHECKPOINT_ROWS 64
#define T_SLOTS (2 * P + 3)
#define DEN_FLOOR FLT_MIN

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#if VW == 1
typedef float vf;
typedef int vi;
#define VLOAD(ptr) (*(ptr))
#define VSTORE(x, ptr) (*(ptr) = (x))
#define ANY(c) (c)
#else
typedef CAT(float, VW) vf;
typedef CAT(int, VW) vi;
#define VLOAD(ptr) CAT(vload, VW)(0, ptr)
#define VSTORE(x, ptr) CAT(vstore, VW)(x, 0, ptr)
#define ANY(c) any(c)
#endif

// a_n = 2^n/n! exactly as EaMath.coefficients rounds them (double recurrence, cast to float).
__constant float EA_COEF[17] = {
    1.0f, 2.0f, 2.0f, 1.3333333730697632f, 0.6666666865348816f, 0.2666666805744171f, 0.08888889104127884f,
    0.02539682574570179f, 0.0063492064364254475f, 0.0014109347248449922f, 0.0002821869566105306f,
    5.1306717068655416e-05f, 8.551119208277669e-06f, 1.3155569149603252e-06f, 1.879366919865788e-07f,
    2.5058225716634297e-08f, 3.132278214579287e-09f};

// k^2 capped at FLT_MAX so huge keys never give inf - inf in the shift.
static inline vf key_square(vf k) {
    return fmin(k * k, (vf)(FLT_MAX));
}

// The Horner variable: q where |q| <= 1 (small), else 1/q.
static inline vf horner_x(vf q, vi small) {
    return select(1.0f / q, q, small);
}

// sum_n a_n q^n s_n / sum_n a_n q^n z_n: Horner in q when |q| <= 1, in 1/q (both sums / q^p) otherwise.
// Step j adds term P - j (in q) or term j (in 1/q). *den gets the floored denominator.
static inline vf ratio_den(vf q, const vf *s, const vf *z, vf *den_out) {
    vi small = fabs(q) <= 1.0f;
    vf x = horner_x(q, small);
    vf num = 0.0f;
    vf den = 0.0f;
#pragma unroll
    for (int j = 0; j <= P; j++) {
        num = num * x + select(EA_COEF[j] * s[j], EA_COEF[P - j] * s[P - j], small);
        den = den * x + select(EA_COEF[j] * z[j], EA_COEF[P - j] * z[P - j], small);
    }
    den = fmax(den, (vf)(DEN_FLOOR));
    *den_out = den;
    return num / den;
}

static inline vf ratio(vf q, const vf *s, const vf *z) {
    vf den;
    return ratio_den(q, s, z, &den);
}

// pw[n] = q^n when |q| <= 1, else q^(n-p) = (1/q)^(p-n): the powers of q in ratio's scaling.
static inline void query_powers(vf q, vf *pw) {
    vi small = fabs(q) <= 1.0f;
    vf x = horner_x(q, small);
    vf xp[NT];
    vf t = 1.0f;
#pragma unroll
    for (int n = 0; n <= P; n++) {
        xp[n] = t;
        t *= x;
    }
#pragma unroll
    for (int n = 0; n <= P; n++) pw[n] = select(xp[P - n], xp[n], small);
}

// Lowers the running shift m to k^2 in the lanes where smaller, rescaling s, z there by e^{k^2 - m}
// (other lanes by exactly 1); returns the new m.
static inline vf shift_down(vf kv, vf m, vf *s, vf *z) {
    vf k2 = key_square(kv);
    vi lower = k2 < m;
    if (ANY(lower)) {
        vf f = select((vf)(1.0f), exp(k2 - m), lower);
#pragma unroll
        for (int n = 0; n <= P; n++) {
            s[n] *= f;
            z[n] *= f;
        }
        return select(m, k2, lower);
    }
    return m;
}

// s_n += kc^n e v, z_n += kc^n e with e = e^{m - k^2}, kc = k clamped to +-kmax; returns e.
static inline vf accumulate(vf kv, vf vv, vf m, float kmax, vf *s, vf *z) {
    vf e = exp(m - key_square(kv));
    vf kc = clamp(kv, -kmax, kmax);
    vf x = e;
#pragma unroll
    for (int n = 0; n <= P; n++) {
        z[n] += x;
        s[n] += x * vv;
        x *= kc;
    }
    return e;
}

// g dy/dq with y = N/M: g sum_n a_n n q^{n-1} (s_n - y z_n) / M, in ratio's scaling (pw from query_powers).
static inline vf query_gradient(vf qv, vf g, vf yv, vf den, const vf *s, const vf *z, const vf *pw) {
    vi small = fabs(qv) <= 1.0f;
    vf acc = 0.0f;
#pragma unroll
    for (int n = 1; n <= P; n++) {
        vf w = select(pw[n], pw[n - 1], small);
        acc += (float)n * EA_COEF[n] * w * (s[n] - yv * z[n]);
    }
    return g * acc / select(qv * den, den, small);
}

// gs_n += a_n q^n g / M, gz_n -= a_n q^n g y / M: the gradients reaching s_n and z_n.
static inline void collect_output_gradient(vf g, vf yv, vf den, const vf *pw, vf *gs, vf *gz) {
    vf gn = g / den;
#pragma unroll
    for (int n = 0; n <= P; n++) {
        vf u = EA_COEF[n] * pw[n] * gn;
        gs[n] += u;
        gz[n] -= u * yv;
    }
}

// dv = sum_n gs_n kc^n e; dk = sum_n (gs_n v + gz_n) d(kc^n e)/dk (the clamp cuts the power's derivative).
static inline void key_value_gradient(vf kv, vf vv, vf e, float kmax, const vf *gs, const vf *gz,
                                      __global float *dk, __global float *dv, int at) {
    vf kc = clamp(kv, -kmax, kmax);
    vf inside = select((vf)(0.0f), (vf)(1.0f), fabs(kv) <= kmax);
    vf prev = 0.0f;
    vf x = e;
    vf gv = 0.0f;
    vf gk = 0.0f;
#pragma unroll
    for (int n = 0; n <= P; n++) {
        gv += gs[n] * x;
        gk += (gs[n] * vv + gz[n]) * ((float)n * prev * inside - 2.0f * kv * x);
        prev = x;
        x *= kc;
    }
    VSTORE(gv, dv + at);
    VSTORE(gk, dk + at);
}

// Reads S, Z (slots 0..2p+1) of VW channels from a scratch slot.
static inline void load_terms(__global const float *slot, int D, vf *s, vf *z) {
#pragma unroll
    for (int n = 0; n <= P; n++) {
        s[n] = VLOAD(slot + n * D);
        z[n] = VLOAD(slot + (P + 1 + n) * D);
    }
}

// Reads the shift m (slot 2p+2) of VW channels from a scratch slot.
static inline vf load_shift(__global const float *slot, int D) {
    return VLOAD(slot + (2 * P + 2) * D);
}

// Reads S, Z and m of VW channels from a scratch slot; returns m.
static inline vf load_state(__global const float *slot, int D, vf *s, vf *z) {
    load_terms(slot, D, s, z);
    return load_shift(slot, D);
}

// Writes S, Z (slots 0..2p+1) of VW channels to a scratch slot.
static inline void store_terms(__global float *slot, int D, const vf *s, const vf *z) {
#pragma unroll
    for (int n = 0; n <= P; n++) {
        VSTORE(s[n], slot + n * D);
        VSTORE(z[n], slot + (P + 1 + n) * D);
    }
}

// Writes S, Z and m of VW channels to a scratch slot.
static inline void store_state(__global float *slot, int D, const vf *s, const vf *z, vf m) {
    store_terms(slot, D, s, z);
    VSTORE(m, slot + (2 * P + 2) * D);
}

static inline void zero_state(vf *s, vf *z) {
#pragma unroll
    for (int n = 0; n <= P; n++) {
        s[n] = 0.0f;
        z[n] = 0.0f;
    }
}

// Index of work-item gid over (b, chunk, VW channels): sets the chunk id bch, rows [i0, i1), and the offset
// base of channel c at row 0 of batch b, c = VW * (gid % (D / VW)).
#define CHUNK_ITEM(gid)                                      \
    int nChunks = (L + C - 1) / C;                           \
    int DV = D / VW;                                         \
    if ((gid) >= B * nChunks * DV) return;                   \
    int c = ((gid) % DV) * VW;                               \
    int bch = (gid) / DV;                                    \
    int b = bch / nChunks;                                   \
    int i0 = (bch % nChunks) * C;                            \
    int i1 = min(L, i0 + C);                                 \
    int base = b * L * D + c;

// Pass 1, one work-item per (b, chunk, VW channels): the chunk's shift m = min k^2 and its sums S_n, Z_n.
__kernel void ea_chunk_sums(__global const float *k, __global const float *v, __global float *scratch,
                            int B, int L, int D, int C, float kmax) {
    int gid = get_global_id(0);
    CHUNK_ITEM(gid)
    // shift: the chunk's smallest k^2
    vf m = INFINITY;
    for (int i = i0; i < i1; i++) m = fmin(m, key_square(VLOAD(k + base + i * D)));
    // sums of kc^n e^{m - k^2} (v) over the chunk's rows
    vf s[NT], z[NT];
    zero_state(s, z);
    for (int i = i0; i < i1; i++) accumulate(VLOAD(k + base + i * D), VLOAD(v + base + i * D), m, kmax, s, z);
    store_state(scratch + bch * T_SLOTS * D + c, D, s, z, m);
}

// Pass 2, one work-item per (b, VW channels): chunk sums -> exclusive prefix states (in place), grand total
// at tot.
__kernel void ea_chunk_prefix(__global float *scratch, int B, int nChunks, int D, int tot) {
    int gid = get_global_id(0);
    int DV = D / VW;
    if (gid >= B * DV) return;
    int c = (gid % DV) * VW;
    int b = gid / DV;
    vf s[NT], z[NT], sc[NT], zc[NT];
    zero_state(s, z);
    vf m = INFINITY;
    for (int ch = 0; ch < nChunks; ch++) {
        __global float *slot = scratch + (b * nChunks + ch) * T_SLOTS * D + c;
        // the chunk's own sums and shift, then the prefix before it goes in their place
        vf mc = load_state(slot, D, sc, zc);
        store_state(slot, D, s, z, m);
        // combine at the common shift mn = min(m, mc): each side scaled by e^{mn - m_side} <= 1
        vf mn = fmin(m, mc);
        vf fr = exp(mn - m);
        vf fc = exp(mn - mc);
#pragma unroll
        for (int n = 0; n <= P; n++) {
            s[n] = s[n] * fr + sc[n] * fc;
            z[n] = z[n] * fr + zc[n] * fc;
        }
        m = mn;
    }
    store_state(scratch + tot + b * T_SLOTS * D + c, D, s, z, m);
}

// Non-causal backward, pass 2 (several chunks), one work-item per (b, VW channels): sums the chunks' 2(p+1)
// gradient partials (all in the forward's shift) into the total at tot.
__kernel void ea_chunk_reduce(__global float *scratch, int B, int nChunks, int D, int tot) {
    int gid = get_global_id(0);
    int DV = D / VW;
    if (gid >= B * DV) return;
    int c = (gid % DV) * VW;
    int b = gid / DV;
    for (int t = 0; t < 2 * P + 2; t++) {
        vf acc = 0.0f;
        for (int ch = 0; ch < nChunks; ch++) acc += VLOAD(scratch + ((b * nChunks + ch) * T_SLOTS + t) * D + c);
        VSTORE(acc, scratch + tot + (b * T_SLOTS + t) * D + c);
    }
}

// Non-causal forward, map pass, for (b, chunk, VW channels) gid: y_i = ratio(q_i) over the totals; when
// train, chunk 0's work-items also copy the totals (S, Z, m) to sums [B, T, D].
static inline void map_rows(int gid, __global const float *q, __global float *y, __global float *sums,
                            __global const float *scratch, int B, int L, int D, int C, int tot,
                            const int train) {
    CHUNK_ITEM(gid)
    vf s[NT], z[NT];
    vf m = load_state(scratch + tot + b * T_SLOTS * D + c, D, s, z);
    if (train && bch % nChunks == 0) store_state(sums + b * T_SLOTS * D + c, D, s, z, m);
    for (int i = i0; i < i1; i++) {
        int at = base + i * D;
        VSTORE(ratio(VLOAD(q + at), s, z), y + at);
    }
}

// The map kernels of forward and trainingForward.
__kernel void ea_forward(__global const float *q, __global float *y, __global const float *scratch,
                         int B, int L, int D, int C, int tot) {
    map_rows(get_global_id(0), q, y, 0, scratch, B, L, D, C, tot, 0);
}

__kernel void ea_training_forward(__global const float *q, __global float *y, __global float *sums,
                                  __global const float *scratch, int B, int L, int D, int C, int tot) {
    map_rows(get_global_id(0), q, y, sums, scratch, B, L, D, C, tot, 1);
}

// Causal forward, pass 3, for (b, chunk, VW channels) gid: rescan the chunk from its prefix state (from the
// empty state when fresh) writing y; when checkpoint, also the state before every CHECKPOINT_ROWS-th row to
// checkpoints [B, ceil(L / 64), T, D].
static inline void causal_rescan(int gid, __global const float *q, __global const float *k,
                                 __global const float *v, __global float *y, __global float *checkpoints,
                                 __global const float *scratch, int B, int L, int D, int C, float kmax, int fresh,
                                 const int checkpoint) {
    CHUNK_ITEM(gid)
    int nc = (L + CHECKPOINT_ROWS - 1) / CHECKPOINT_ROWS;
    vf s[NT], z[NT];
    vf m;
    if (fresh) {
        zero_state(s, z);
        m = INFINITY;
    } else {
        m = load_state(scratch + bch * T_SLOTS * D + c, D, s, z);
    }
    for (int i = i0; i < i1; i++) {
        int at = base + i * D;
        if (checkpoint && i % CHECKPOINT_ROWS == 0) {
            store_state(checkpoints + (b * nc + i / CHECKPOINT_ROWS) * T_SLOTS * D + c, D, s, z, m);
        }
        vf kv = VLOAD(k + at);
        // running min shift, add row i, emit y_i
        m = shift_down(kv, m, s, z);
        accumulate(kv, VLOAD(v + at), m, kmax, s, z);
        VSTORE(ratio(VLOAD(q + at), s, z), y + at);
    }
}

// The rescan kernels of causalForward and causalTrainingForward (which also keeps the checkpoints).
__kernel void ea_causal_forward(__global const float *q, __global const float *k, __global const float *v,
                                __global float *y, __global const float *scratch,
                                int B, int L, int D, int C, float kmax, int fresh) {
    causal_rescan(get_global_id(0), q, k, v, y, 0, scratch, B, L, D, C, kmax, fresh, 0);
}

__kernel void ea_causal_training_forward(__global const float *q, __global const float *k,
                                         __global const float *v, __global float *y,
                                         __global float *checkpoints, __global const float *scratch,
                                         int B, int L, int D, int C, float kmax, int fresh) {
    causal_rescan(get_global_id(0), q, k, v, y, checkpoints, scratch, B, L, D, C, kmax, fresh, 1);
}

// Non-causal backward, pass 1, one work-item per (b, chunk, VW channels): dq for each row from the forward
// totals in sums, and the chunk's partial output-gradient sums gs, gz written to its own scratch slot
// (slots 0..2p+1).
__kernel void ea_backward_rows(__global const float *q, __global const float *gy, __global float *dq,
                               __global const float *sums, __global float *scratch, int B, int L, int D, int C) {
    int gid = get_global_id(0);
    CHUNK_ITEM(gid)
    vf s[NT], z[NT], gs[NT], gz[NT], pw[NT];
    load_terms(sums + b * T_SLOTS * D + c, D, s, z);
    zero_state(gs, gz);
    for (int i = i0; i < i1; i++) {
        int at = base + i * D;
        vf qv = VLOAD(q + at);
        vf g = VLOAD(gy + at);
        // denominator and output of row i, then dq_i and row i's share of the gradients of s, z
        vf den;
        vf yi = ratio_den(qv, s, z, &den);
        query_powers(qv, pw);
        VSTORE(query_gradient(qv, g, yi, den, s, z, pw), dq + at);
        collect_output_gradient(g, yi, den, pw, gs, gz);
    }
    store_terms(scratch + bch * T_SLOTS * D + c, D, gs, gz);
}

// Non-causal backward, map pass, one work-item per (b, chunk, VW channels): dk_j, dv_j from the total
// gs, gz (scratch at tot) and the forward's shift m (sums).
__kernel void ea_backward(__global const float *k, __global const float *v, __global float *dk,
                          __global float *dv, __global const float *sums, __global const float *scratch,
                          int B, int L, int D, int C, int tot, float kmax) {
    int gid = get_global_id(0);
    CHUNK_ITEM(gid)
    vf gs[NT], gz[NT];
    load_terms(scratch + tot + b * T_SLOTS * D + c, D, gs, gz);
    vf m = load_shift(sums + b * T_SLOTS * D + c, D);
    for (int i = i0; i < i1; i++) {
        int at = base + i * D;
        vf kv = VLOAD(k + at);
        vf e = exp(m - key_square(kv));
        key_value_gradient(kv, VLOAD(v + at), e, kmax, gs, gz, dk, dv, at);
    }
}

// Causal backward, pass 1 (several chunks, C a multiple of CHECKPOINT_ROWS), one work-item per (b, chunk, VW
// channels): replays the chunk from the checkpoint at its first row and sums its output gradients gs, gz in the
// shift m_f of that row (row i weighted by e^{m_i - m_f} <= 1), stored in its slot with m_f.
__kernel void ea_causal_backward_rows(__global const float *q, __global const float *k, __global const float *v,
                                      __global const float *gy, __global const float *checkpoints,
                                      __global float *scratch, int B, int L, int D, int C, float kmax) {
    int gid = get_global_id(0);
    CHUNK_ITEM(gid)
    int nc = (L + CHECKPOINT_ROWS - 1) / CHECKPOINT_ROWS;
    vf s[NT], z[NT], gs[NT], gz[NT], pw[NT];
    vf m = load_state(checkpoints + (b * nc + i0 / CHECKPOINT_ROWS) * T_SLOTS * D + c, D, s, z);
    zero_state(gs, gz);
    vf mf = 0.0f;
    vf emf = 1.0f; // e^{m - mf}, recomputed only where m moved
    for (int i = i0; i < i1; i++) {
        int at = base + i * D;
        vf kv = VLOAD(k + at);
        vf qv = VLOAD(q + at);
        vf mi = shift_down(kv, m, s, z);
        accumulate(kv, VLOAD(v + at), mi, kmax, s, z);
        vf den;
        vf yi = ratio_den(qv, s, z, &den);
        if (i == i0) {
            mf = mi;
        } else {
            vi moved = mi != m;
            if (ANY(moved)) emf = select(emf, exp(mi - mf), moved);
        }
        m = mi;
        query_powers(qv, pw);
        collect_output_gradient(VLOAD(gy + at) * emf, yi, den, pw, gs, gz);
    }
    store_state(scratch + bch * T_SLOTS * D + c, D, gs, gz, mf);
}

// Causal backward, pass 2 (several chunks), one work-item per (b, VW channels): chunk gradient sums ->
// exclusive suffix states in place, each in the shift of the next chunk's first row (what the reverse scan
// expects entering a chunk).
__kernel void ea_causal_suffix(__global float *scratch, int B, int nChunks, int D) {
    int gid = get_global_id(0);
    int DV = D / VW;
    if (gid >= B * DV) return;
    int c = (gid % DV) * VW;
    int b = gid / DV;
    vf gs[NT], gz[NT], sc[NT], zc[NT];
    zero_state(gs, gz);
    vf mnext = 0.0f;
    for (int ch = nChunks - 1; ch >= 0; ch--) {
        __global float *slot = scratch + (b * nChunks + ch) * T_SLOTS * D + c;
        // the chunk's own sums (in its first row's shift mf), then the suffix after it (in the next chunk's
        // first row's shift) goes in their place
        vf mf = load_state(slot, D, sc, zc);
        store_state(slot, D, gs, gz, mnext);
        // suffix from shift m_next to mf: factor e^{m_next - mf} <= 1 (shifts fall along the sequence)
        vf f = ch == nChunks - 1 ? (vf)(0.0f) : exp(mnext - mf);
#pragma unroll
        for (int n = 0; n <= P; n++) {
            gs[n] = gs[n] * f + sc[n];
            gz[n] = gz[n] * f + zc[n];
        }
        mnext = mf;
    }
}

// Causal backward, pass 3, one work-item per (b, chunk, VW channels): the chunk's spans of CHECKPOINT_ROWS rows
// last to first, each replayed from its checkpoint (dq_j = gy_j dy_j/dq_j; y, the denominator, the shift and
// the key weight of each row into the work-item's own stash, 4 planes of CHECKPOINT_ROWS x VW floats), then
// scanned in reverse from the suffix state (empty when fresh): dk_j, dv_j from the suffix sums.
__kernel void ea_causal_backward(__global const float *q, __global const float *k, __global const float *v,
                                 __global const float *gy, __global const float *checkpoints,
                                 __global float *dq, __global float *dk, __global float *dv,
                                 __global const float *scratch, __global float *stash, int B, int L, int D, int C,
                                 float kmax, int fresh) {
    int gid = get_global_id(0);
    CHUNK_ITEM(gid)
    int nc = (L + CHECKPOINT_ROWS - 1) / CHECKPOINT_ROWS;
    int plane = CHECKPOINT_ROWS * VW;
    __global float *ys = stash + (long)gid * 4 * plane;
    __global float *dens = ys + plane;
    __global float *shifts = dens + plane;
    __global float *weights = shifts + plane;
    vf s[NT], z[NT], gs[NT], gz[NT], pw[NT];
    // the suffix sums after the chunk are in the shift of its next row (m of the slot)
    vf mnext = 0.0f;
    if (fresh) zero_state(gs, gz);
    else mnext = load_state(scratch + bch * T_SLOTS * D + c, D, gs, gz);
    for (int t = (i1 - 1) / CHECKPOINT_ROWS; t * CHECKPOINT_ROWS >= i0; t--) {
        int r0 = t * CHECKPOINT_ROWS, r1 = min(i1, r0 + CHECKPOINT_ROWS);
        vf m = load_state(checkpoints + (b * nc + t) * T_SLOTS * D + c, D, s, z);
        for (int i = r0; i < r1; i++) {
            int at = base + i * D, r = (i - r0) * VW;
            vf kv = VLOAD(k + at);
            vf qv = VLOAD(q + at);
            m = shift_down(kv, m, s, z);
            vf e = accumulate(kv, VLOAD(v + at), m, kmax, s, z);
            vf den;
            vf yi = ratio_den(qv, s, z, &den);
            query_powers(qv, pw);
            VSTORE(query_gradient(qv, VLOAD(gy + at), yi, den, s, z, pw), dq + at);
            VSTORE(yi, ys + r);
            VSTORE(den, dens + r);
            VSTORE(m, shifts + r);
            VSTORE(e, weights + r);
        }
        for (int j = r1 - 1; j >= r0; j--) {
            int at = base + j * D, r = (j - r0) * VW;
            vf mj = VLOAD(shifts + r);
            // move the suffix sums from shift m_{j+1} to m_j (lanes where the shift did not change: factor 1)
            if (j < L - 1) {
                vi moved = mnext != mj;
                if (ANY(moved)) {
                    vf f = select((vf)(1.0f), exp(mnext - mj), moved);
#pragma unroll
                    for (int n = 0; n <= P; n++) {
                        gs[n] *= f;
                        gz[n] *= f;
                    }
                }
            }
            mnext = mj;
            // add row j's output gradient, then dk_j, dv_j from the suffix sums
            query_powers(VLOAD(q + at), pw);
            collect_output_gradient(VLOAD(gy + at), VLOAD(ys + r), VLOAD(dens + r), pw, gs, gz);
            key_value_gradient(VLOAD(k + at), VLOAD(v + at), VLOAD(weights + r), kmax, gs, gz, dk, dv, at);
        }
    }
}
