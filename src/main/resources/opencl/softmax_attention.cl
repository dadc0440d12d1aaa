// OpenCL C twins of dev.ea4j.kernels.SoftmaxAttentionKernels. q, k, v, y: [B, L, D]; head h owns channels
// [h*dh, (h+1)*dh). One work-item per (b, h, i) query row with an online softmax (running max and
// normaliser, the accumulator rescaled when the max grows); the scale 1/sqrt(dh) comes from the host,
// computed as the reference does.

// Heads up to this width keep their accumulator in private memory; wider heads accumulate in y itself.
#define ATT_PRIV 64

/** y[qo + c] = sum_{j < n} softmax_j(scale q.k_j) v_j[c], k_j and v_j at kb + j * D. */
void attend_row(__global const float* q, __global const float* k, __global const float* v,
                __global float* y, const int qo, const int kb, const int n, const int dh, const int D,
                const float scale) {
    float m = -INFINITY;
    float l = 0.0f;
    if (dh <= ATT_PRIV) {
        float acc[ATT_PRIV];
        for (int c = 0; c < dh; c++) acc[c] = 0.0f;
        for (int j = 0; j < n; j++) {
            int ko = kb + j * D;
            float s = 0.0f;
            for (int c = 0; c < dh; c++) s += q[qo + c] * k[ko + c];
            s *= scale;
            if (s > m) {
                float r = exp(m - s);
                l *= r;
                for (int c = 0; c < dh; c++) acc[c] *= r;
                m = s;
            }
            float e = exp(s - m);
            l += e;
            for (int c = 0; c < dh; c++) acc[c] += e * v[ko + c];
        }
        float inv = 1.0f / l;
        for (int c = 0; c < dh; c++) y[qo + c] = acc[c] * inv;
    } else {
        for (int c = 0; c < dh; c++) y[qo + c] = 0.0f;
        for (int j = 0; j < n; j++) {
            int ko = kb + j * D;
            float s = 0.0f;
            for (int c = 0; c < dh; c++) s += q[qo + c] * k[ko + c];
            s *= scale;
            if (s > m) {
                float r = exp(m - s);
                l *= r;
                for (int c = 0; c < dh; c++) y[qo + c] *= r;
                m = s;
            }
            float e = exp(s - m);
            l += e;
            for (int c = 0; c < dh; c++) y[qo + c] += e * v[ko + c];
        }
        float inv = 1.0f / l;
        for (int c = 0; c < dh; c++) y[qo + c] *= inv;
    }
}

/** Forward: one work-item per (b, h, i); causal = 1 attends to j <= i only. */
__kernel void attention_forward(__global const float* q, __global const float* k, __global const float* v,
                                __global float* y, const int B, const int L, const int D, const int H,
                                const float scale, const int causal) {
    int gid = get_global_id(0);
    if (gid >= B * H * L) return;
    int bh = gid / L, i = gid - bh * L;
    int b = bh / H, h = bh - b * H;
    int dh = D / H;
    int base = b * L * D + h * dh;
    attend_row(q, k, v, y, base + i * D, base, causal == 1 ? i + 1 : L, dh, D, scale);
}

/**
 * Backward, pass 1: one work-item per (b, h, i). Recomputes the row's max m_i and 1/l_i, D_i = gy_i . y_i,
 * and dq_i = scale sum_j P_ij (gy_i . v_j - D_i) k_j; saves (m_i, 1/l_i, D_i) in stats[3 * row].
 */
__kernel void attention_backward_rows(__global const float* q, __global const float* k, __global const float* v,
                                      __global const float* y, __global const float* gy, __global float* dq,
                                      __global float* stats, const int B, const int L, const int D, const int H,
                                      const float scale, const int causal) {
    int gid = get_global_id(0);
    if (gid >= B * H * L) return;
    int bh = gid / L, i = gid - bh * L;
    int b = bh / H, h = bh - b * H;
    int dh = D / H;
    int base = b * L * D + h * dh;
    int qo = base + i * D;
    int jEnd = causal == 1 ? i + 1 : L;
    float m = -INFINITY;
    float l = 0.0f;
    for (int j = 0; j < jEnd; j++) {
        int ko = base + j * D;
        float s = 0.0f;
        for (int c = 0; c < dh; c++) s += q[qo + c] * k[ko + c];
        s *= scale;
        if (s > m) {
            l *= exp(m - s);
            m = s;
        }
        l += exp(s - m);
    }
    float inv = 1.0f / l;
    float di = 0.0f;
    for (int c = 0; c < dh; c++) di += gy[qo + c] * y[qo + c];
    for (int c = 0; c < dh; c++) dq[qo + c] = 0.0f;
    for (int j = 0; j < jEnd; j++) {
        int ko = base + j * D;
        float s = 0.0f;
        float dp = 0.0f;
        for (int c = 0; c < dh; c++) {
            s += q[qo + c] * k[ko + c];
            dp += gy[qo + c] * v[ko + c];
        }
        float p = exp(s * scale - m) * inv;
        float ds = p * (dp - di) * scale;
        for (int c = 0; c < dh; c++) dq[qo + c] += ds * k[ko + c];
    }
    stats[3 * gid] = m;
    stats[3 * gid + 1] = inv;
    stats[3 * gid + 2] = di;
}

/**
 * Backward, pass 2: one work-item per (b, h, j) key row, summing over the query rows i that see j (in
 * order): dk_j = scale sum_i dS_ij q_i, dv_j = sum_i P_ij gy_i, with P and dS rebuilt from pass 1's stats.
 */
__kernel void attention_backward_keys(__global const float* q, __global const float* k, __global const float* v,
                                      __global const float* gy, __global const float* stats, __global float* dk,
                                      __global float* dv, const int B, const int L, const int D, const int H,
                                      const float scale, const int causal) {
    int gid = get_global_id(0);
    if (gid >= B * H * L) return;
    int bh = gid / L, j = gid - bh * L;
    int b = bh / H, h = bh - b * H;
    int dh = D / H;
    int base = b * L * D + h * dh;
    int ko = base + j * D;
    for (int c = 0; c < dh; c++) {
        dk[ko + c] = 0.0f;
        dv[ko + c] = 0.0f;
    }
    for (int i = causal == 1 ? j : 0; i < L; i++) {
        int qo = base + i * D;
        int row = bh * L + i;
        float s = 0.0f;
        float dp = 0.0f;
        for (int c = 0; c < dh; c++) {
            s += q[qo + c] * k[ko + c];
            dp += gy[qo + c] * v[ko + c];
        }
        float p = exp(s * scale - stats[3 * row]) * stats[3 * row + 1];
        float ds = p * (dp - stats[3 * row + 2]) * scale;
        for (int c = 0; c < dh; c++) {
            dk[ko + c] += ds * q[qo + c];
            dv[ko + c] += p * gy[qo + c];
        }
    }
}

/** Writes token pos's k, v ([B, D]) into kCache, vCache ([B, capacity, D]); one work-item per (b, c). */
__kernel void append_kv(__global const float* k, __global const float* v, __global float* kCache,
                        __global float* vCache, const int B, const int D, const int pos, const int capacity) {
    int gid = get_global_id(0);
    if (gid >= B * D) return;
    int b = gid / D, c = gid - b * D;
    int dst = (b * capacity + pos) * D + c;
    kCache[dst] = k[gid];
    vCache[dst] = v[gid];
}

/** Decode step: y ([B, D]) = attention of q ([B, D]) over cached positions 0..pos; one work-item per (b, h). */
__kernel void decode_step(__global const float* q, __global const float* kCache, __global const float* vCache,
                          __global float* y, const int B, const int D, const int H, const int pos,
                          const int capacity, const float scale) {
    int bh = get_global_id(0);
    if (bh >= B * H) return;
    int b = bh / H, h = bh - b * H;
    int dh = D / H;
    attend_row(q, kCache, vCache, y, b * D + h * dh, b * capacity * D + h * dh, pos + 1, dh, D, scale);
}
