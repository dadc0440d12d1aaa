// Exact element-wise attention (Eq. 2), O(L^2 D): OpenCL C twins of dev.ea4j.kernels.ExactEaKernels.
// Per channel, y_ic = sum_j softmax_j(-(q_ic - k_jc)^2) v_jc over all j, or j <= i when causal = 1.
// All tensors [B, L, D] row-major; the global id is (b, i, c) with c fastest, so loads coalesce.

// -(q - k)^2, capped at -FLT_MAX so distant keys never give inf - inf.
static inline float score(float qi, float kj) {
    float d = qi - kj;
    return -fmin(d * d, FLT_MAX);
}

// max_{j <= last} -(qi - k_j)^2 over one channel (stride D).
static inline float row_max(float qi, __global const float *k, int base, int last, int D) {
    float mx = -INFINITY;
    for (int j = 0; j <= last; j++) mx = fmax(mx, score(qi, k[base + j * D]));
    return mx;
}

// Forward, one work-item per (b, i, c): two passes over j (row max, then the shifted softmax sums).
__kernel void exact_ea_run(__global const float *q, __global const float *k, __global const float *v,
                           __global float *y, int B, int L, int D, int causal) {
    int at = get_global_id(0);
    if (at >= B * L * D) return;
    int c = at % D;
    int i = (at / D) % L;
    int base = (at / (L * D)) * L * D + c;
    int last = causal == 1 ? i : L - 1;
    float qi = q[at];
    float mx = row_max(qi, k, base, last, D);
    float sum = 0.0f;
    float acc = 0.0f;
    for (int j = 0; j <= last; j++) {
        float w = exp(score(qi, k[base + j * D]) - mx);
        sum += w;
        acc += w * v[base + j * D];
    }
    y[at] = acc / sum;
}

// Backward rows, one work-item per (b, i, c): recompute row i's softmax (max, sum, y_i), dq_i; keep the
// row's max, sum and y in stats [3, B, L, D] for the key pass.
__kernel void exact_ea_gradient_rows(__global const float *q, __global const float *k, __global const float *v,
                                     __global const float *gy, __global float *dq, __global float *stats,
                                     int B, int L, int D, int causal) {
    int at = get_global_id(0);
    if (at >= B * L * D) return;
    int c = at % D;
    int i = (at / D) % L;
    int base = (at / (L * D)) * L * D + c;
    int last = causal == 1 ? i : L - 1;
    int n = B * L * D;
    float qi = q[at];
    float gi = gy[at];
    float mx = row_max(qi, k, base, last, D);
    float sum = 0.0f;
    float acc = 0.0f;
    for (int j = 0; j <= last; j++) {
        float w = exp(score(qi, k[base + j * D]) - mx);
        sum += w;
        acc += w * v[base + j * D];
    }
    float yi = acc / sum;
    // dq_i = sum_j -2 (q_i - k_j) w_ij g_i (v_j - y_i)   (d score / d q = -2 (q - k))
    float gq = 0.0f;
    for (int j = 0; j <= last; j++) {
        int aj = base + j * D;
        float d = qi - k[aj];
        float w = exp(score(qi, k[aj]) - mx) / sum;
        float ds = w * gi * (v[aj] - yi);
        gq -= 2.0f * d * ds;
    }
    dq[at] = gq;
    stats[at] = mx;
    stats[n + at] = sum;
    stats[2 * n + at] = yi;
}

// Backward keys, one work-item per (b, j, c): gathers over the rows i that see key j (i >= j when causal)
// dv_j = sum_i w_ij g_i and dk_j = sum_i 2 (q_i - k_j) w_ij g_i (v_j - y_i), rows in increasing i as the reference.
__kernel void exact_ea_gradient_keys(__global const float *q, __global const float *k, __global const float *v,
                                     __global const float *gy, __global float *dk, __global float *dv,
                                     __global const float *stats, int B, int L, int D, int causal) {
    int at = get_global_id(0);
    if (at >= B * L * D) return;
    int c = at % D;
    int j = (at / D) % L;
    int base = (at / (L * D)) * L * D + c;
    int n = B * L * D;
    float kj = k[at];
    float vj = v[at];
    float gk = 0.0f;
    float gv = 0.0f;
    for (int i = causal == 1 ? j : 0; i < L; i++) {
        int ai = base + i * D;
        float qi = q[ai];
        float gi = gy[ai];
        float d = qi - kj;
        float w = exp(score(qi, kj) - stats[ai]) / stats[n + ai];
        gv += w * gi;
        float ds = w * gi * (vj - stats[2 * n + ai]);
        gk += 2.0f * d * ds;
    }
    dk[at] = gk;
    dv[at] = gv;
}
