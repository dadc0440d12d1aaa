// Recurrent (inference) EA-p (Eqs. 7-16): OpenCL C twins of dev.ea4j.kernels.EaRecurrentKernels.
// State per (b, c): s, z: [B, D, p+1] (accumulators scaled by e^{m}) and m: [B, D] (running min of k^2,
// +inf when empty). Same numerics as the reference (docs/numerics.md). One work-item per (b, c).
// Prefill of a whole prompt reuses ea_series.cl's chunked sums (ea_chunk_sums, ea_chunk_prefix) and merges
// the prompt's total into the state here (ea_prefill).

#define MAX_TERMS 17
#define DEN_FLOOR FLT_MIN

// a_n = 2^n/n! exactly as EaMath.coefficients rounds them.
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
static inline float ratio(float q, __global const float *s, __global const float *z, int p) {
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

// Lowers the running shift m to k^2 when smaller, rescaling s, z by e^{k^2 - m}; returns the new m.
static inline float shift_down(float kv, float m, __global float *s, __global float *z, int p) {
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
static inline void accumulate(float kv, float vv, float m, float kmax, __global float *s, __global float *z, int p) {
    float x = exp(m - key_square(kv));
    float kc = clamp(kv, -kmax, kmax);
    for (int n = 0; n <= p; n++) {
        z[n] += x;
        s[n] += x * vv;
        x *= kc;
    }
}

// Empties the state: s = z = 0, m = +inf.
__kernel void ea_reset(__global float *s, __global float *z, __global float *m, int B, int D, int p) {
    int bc = get_global_id(0);
    if (bc >= B * D) return;
    m[bc] = INFINITY;
    for (int n = 0; n <= p; n++) {
        s[bc * (p + 1) + n] = 0.0f;
        z[bc * (p + 1) + n] = 0.0f;
    }
}

// Adds token (k, v) to the state of (b, c) and emits y for query q.
__kernel void ea_step(__global const float *q, __global const float *k, __global const float *v, __global float *y,
                      __global float *s, __global float *z, __global float *m, int B, int D, int p, float kmax) {
    int bc = get_global_id(0);
    if (bc >= B * D) return;
    int off = bc * (p + 1);
    // running min shift, add the token, emit the ratio
    float mn = shift_down(k[bc], m[bc], s + off, z + off, p);
    m[bc] = mn;
    accumulate(k[bc], v[bc], mn, kmax, s + off, z + off, p);
    y[bc] = ratio(q[bc], s + off, z + off, p);
}

// Merges a prompt's total sums (ea_series.cl scratch at tot: [B, 2(p+1)+1, D]) into the state of (b, c).
__kernel void ea_prefill(__global float *s, __global float *z, __global float *m, __global const float *scratch,
                         int B, int D, int p, int tot) {
    int bc = get_global_id(0);
    if (bc >= B * D) return;
    int c = bc % D;
    int b = bc / D;
    int off = bc * (p + 1);
    __global const float *total = scratch + tot + b * (2 * p + 3) * D + c;
    float mp = total[(2 * p + 2) * D];
    // common shift mn = min(m_state, m_prompt); each side scaled by e^{mn - m_side} <= 1 (0 for an empty state)
    float ms = m[bc];
    float mn = fmin(ms, mp);
    float fs = exp(mn - ms);
    float fp = exp(mn - mp);
    for (int n = 0; n <= p; n++) {
        s[off + n] = s[off + n] * fs + total[n * D] * fp;
        z[off + n] = z[off + n] * fs + total[(p + 1 + n) * D] * fp;
    }
    m[bc] = mn;
}
