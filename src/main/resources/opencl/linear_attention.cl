// Linear attention with phi(x) = elu(x) + 1: OpenCL C twins of dev.ea4j.kernels.LinearAttentionKernels.
// H heads of Dh = D/H channels; tensors [B, L, D] row-major, head h owns channels [h Dh, (h+1) Dh).
// The device kernels use the quadratic form a_ij = phi(q_i) . phi(k_j), y_i = sum_j a_ij v_j / sum_j a_ij
// (j over all keys, or j <= i when causal = 1), one work-item per output element, so no work-item keeps
// a Dh x Dh state. The backward keeps each row's den_i and r_i = gy_i . y_i in stats [B, H, L, 2].

static inline float phi(float x) {
    return x > 0.0f ? x + 1.0f : exp(x);
}

static inline float dphi(float x) {
    return x > 0.0f ? 1.0f : exp(x);
}

// phi(a_row) . phi(b_row) over one head's dh channels.
static inline float score(__global const float *q, int qo, __global const float *k, int ko, int dh) {
    float a = 0.0f;
    for (int d = 0; d < dh; d++) a += phi(q[qo + d]) * phi(k[ko + d]);
    return a;
}

// Forward, one work-item per (b, i, c).
__kernel void la_forward(__global const float *q, __global const float *k, __global const float *v,
                         __global float *y, int B, int L, int D, int H, int causal) {
    int at = get_global_id(0);
    if (at >= B * L * D) return;
    int dh = D / H;
    int c = at % D;
    int i = (at / D) % L;
    int b = at / (L * D);
    int base = b * L * D + (c / dh) * dh;
    int last = causal == 1 ? i : L - 1;
    float num = 0.0f;
    float den = 0.0f;
    for (int j = 0; j <= last; j++) {
        float a = score(q, base + i * D, k, base + j * D, dh);
        num += a * v[b * L * D + j * D + c];
        den += a;
    }
    y[at] = num / den;
}

// Backward statistics, one work-item per (b, h, i): den_i and r_i = gy_i . y_i.
__kernel void la_stats(__global const float *q, __global const float *k, __global const float *v,
                       __global const float *gy, __global float *stats, int B, int L, int D, int H, int causal) {
    int at = get_global_id(0);
    if (at >= B * H * L) return;
    int dh = D / H;
    int i = at % L;
    int bh = at / L;
    int b = bh / H;
    int base = b * L * D + (bh % H) * dh;
    int qo = base + i * D;
    int last = causal == 1 ? i : L - 1;
    float den = 0.0f;
    float rn = 0.0f;
    for (int j = 0; j <= last; j++) {
        int ko = base + j * D;
        float a = score(q, qo, k, ko, dh);
        float t = 0.0f;
        for (int e = 0; e < dh; e++) t += gy[qo + e] * v[ko + e];
        den += a;
        rn += a * t;
    }
    stats[2 * at] = den;
    stats[2 * at + 1] = rn / den;
}

// dq, one work-item per (b, i, c): dq_ic = phi'(q_ic) sum_j (gy_i . v_j - r_i) / den_i phi(k_jc).
__kernel void la_grad_q(__global const float *q, __global const float *k, __global const float *v,
                        __global const float *gy, __global float *dq, __global const float *stats,
                        int B, int L, int D, int H, int causal) {
    int at = get_global_id(0);
    if (at >= B * L * D) return;
    int dh = D / H;
    int c = at % D;
    int i = (at / D) % L;
    int b = at / (L * D);
    int h = c / dh;
    int base = b * L * D + h * dh;
    int qo = base + i * D;
    int st = 2 * ((b * H + h) * L + i);
    float den = stats[st];
    float r = stats[st + 1];
    int last = causal == 1 ? i : L - 1;
    float acc = 0.0f;
    for (int j = 0; j <= last; j++) {
        int ko = base + j * D;
        float t = 0.0f;
        for (int e = 0; e < dh; e++) t += gy[qo + e] * v[ko + e];
        acc += (t - r) * phi(k[b * L * D + j * D + c]);
    }
    dq[at] = dphi(q[at]) * acc / den;
}

// dk, dv, one work-item per (b, j, c), over the rows i that see key j.
__kernel void la_grad_kv(__global const float *q, __global const float *k, __global const float *v,
                         __global const float *gy, __global float *dk, __global float *dv,
                         __global const float *stats, int B, int L, int D, int H, int causal) {
    int at = get_global_id(0);
    if (at >= B * L * D) return;
    int dh = D / H;
    int c = at % D;
    int j = (at / D) % L;
    int b = at / (L * D);
    int h = c / dh;
    int base = b * L * D + h * dh;
    int ko = base + j * D;
    int first = causal == 1 ? j : 0;
    float gk = 0.0f;
    float gv = 0.0f;
    for (int i = first; i < L; i++) {
        int qo = base + i * D;
        int st = 2 * ((b * H + h) * L + i);
        float den = stats[st];
        float r = stats[st + 1];
        float a = score(q, qo, k, ko, dh);
        float t = 0.0f;
        for (int e = 0; e < dh; e++) t += gy[qo + e] * v[ko + e];
        gv += a * gy[b * L * D + i * D + c] / den;
        gk += (t - r) / den * phi(q[b * L * D + i * D + c]);
    }
    dk[at] = dphi(k[at]) * gk;
    dv[at] = gv;
}
