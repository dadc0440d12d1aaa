// OpenCL C twins of dev.ea4j.kernels.StoredSoftmaxKernels: softmax attention that keeps its attention matrix
// probs [B, H, L, L]. q, k, v, y, gy, dq, dk, dv: [B, L, D]; head h owns channels [h*dh, (h+1)*dh). The
// scale 1/sqrt(dh) comes from the host, computed as the reference does.

// Heads up to this width keep their accumulator in private memory; wider heads accumulate in global memory.
#define STORED_PRIV 64

/**
 * Forward: one work-item per (b, h, i) query row. The row of probs holds the scaled scores, then
 * exp(s - max), then P = e / sum e, with 0 for j > i when causal = 1; y_i = sum_j P_ij v_j.
 */
__kernel void stored_forward(__global const float* q, __global const float* k, __global const float* v,
                             __global float* y, __global float* probs, const int B, const int L, const int D,
                             const int H, const float scale, const int causal) {
    int gid = get_global_id(0);
    if (gid >= B * H * L) return;
    int bh = gid / L, i = gid - bh * L;
    int b = bh / H, h = bh - b * H;
    int dh = D / H;
    int base = b * L * D + h * dh;
    int qo = base + i * D;
    __global float* pr = probs + (long) gid * L;
    int n = causal == 1 ? i + 1 : L;
    float m = -INFINITY;
    for (int j = 0; j < n; j++) {
        int ko = base + j * D;
        float s = 0.0f;
        for (int c = 0; c < dh; c++) s += q[qo + c] * k[ko + c];
        s *= scale;
        pr[j] = s;
        m = fmax(m, s);
    }
    float l = 0.0f;
    for (int j = 0; j < n; j++) {
        float e = exp(pr[j] - m);
        pr[j] = e;
        l += e;
    }
    float inv = 1.0f / l;
    for (int j = 0; j < n; j++) pr[j] *= inv;
    for (int j = n; j < L; j++) pr[j] = 0.0f;
    if (dh <= STORED_PRIV) {
        float acc[STORED_PRIV];
        for (int c = 0; c < dh; c++) acc[c] = 0.0f;
        for (int j = 0; j < n; j++) {
            int ko = base + j * D;
            float p = pr[j];
            for (int c = 0; c < dh; c++) acc[c] += p * v[ko + c];
        }
        for (int c = 0; c < dh; c++) y[qo + c] = acc[c];
    } else {
        for (int c = 0; c < dh; c++) y[qo + c] = 0.0f;
        for (int j = 0; j < n; j++) {
            int ko = base + j * D;
            float p = pr[j];
            for (int c = 0; c < dh; c++) y[qo + c] += p * v[ko + c];
        }
    }
}

/**
 * Backward, pass 1: one work-item per (b, h, i) query row. D_i = sum_j P_ij dP_ij with dP_ij = gy_i . v_j,
 * saved in rowD[row]; dq_i = scale sum_j P_ij (dP_ij - D_i) k_j. Entries with P_ij = 0 are skipped.
 */
__kernel void stored_backward_rows(__global const float* k, __global const float* v, __global const float* probs,
                                   __global const float* gy, __global float* dq, __global float* rowD, const int B,
                                   const int L, const int D, const int H, const float scale) {
    int gid = get_global_id(0);
    if (gid >= B * H * L) return;
    int bh = gid / L, i = gid - bh * L;
    int b = bh / H, h = bh - b * H;
    int dh = D / H;
    int base = b * L * D + h * dh;
    int qo = base + i * D;
    __global const float* pr = probs + (long) gid * L;
    float di = 0.0f;
    for (int j = 0; j < L; j++) {
        float p = pr[j];
        if (p != 0.0f) {
            int ko = base + j * D;
            float dp = 0.0f;
            for (int c = 0; c < dh; c++) dp += gy[qo + c] * v[ko + c];
            di += p * dp;
        }
    }
    for (int c = 0; c < dh; c++) dq[qo + c] = 0.0f;
    for (int j = 0; j < L; j++) {
        float p = pr[j];
        if (p != 0.0f) {
            int ko = base + j * D;
            float dp = 0.0f;
            for (int c = 0; c < dh; c++) dp += gy[qo + c] * v[ko + c];
            float ds = p * (dp - di) * scale;
            for (int c = 0; c < dh; c++) dq[qo + c] += ds * k[ko + c];
        }
    }
    rowD[gid] = di;
}

/**
 * Backward, pass 2: one work-item per (b, h, j) key row, summing over the query rows i in order:
 * dk_j = scale sum_i P_ij (dP_ij - D_i) q_i, dv_j = sum_i P_ij gy_i. Neighbouring work-items read
 * neighbouring entries of each probs row.
 */
__kernel void stored_backward_keys(__global const float* q, __global const float* v, __global const float* probs,
                                   __global const float* gy, __global const float* rowD, __global float* dk,
                                   __global float* dv, const int B, const int L, const int D, const int H,
                                   const float scale) {
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
    for (int i = 0; i < L; i++) {
        int row = bh * L + i;
        float p = probs[(long) row * L + j];
        if (p != 0.0f) {
            int qo = base + i * D;
            float dp = 0.0f;
            for (int c = 0; c < dh; c++) dp += gy[qo + c] * v[ko + c];
            float ds = p * (dp - rowD[row]) * scale;
            for (int c = 0; c < dh; c++) {
                dk[ko + c] += ds * q[qo + c];
                dv[ko + c] += p * gy[qo + c];
            }
        }
    }
}
