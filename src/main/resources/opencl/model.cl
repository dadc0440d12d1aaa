// Model plumbing: OpenCL C twins of dev.ea4j.kernels.ModelKernels. One work-item per output element
// unless noted; sum_squares is a strided per-work-item sum, a work-group tree reduction into one partial
// per group, and a second one-group pass over the partials.

__kernel void embedding_lookup(__global const int *ids, __global const float *table, __global float *out,
                               int N, int V, int D) {
    int at = get_global_id(0);
    if (at >= N * D) return;
    out[at] = table[ids[at / D] * D + at % D];
}

// One work-item per (v, c): sums the rows n with ids[n] = v in ascending n, as the reference does.
__kernel void embedding_backward(__global const int *ids, __global const float *gout, __global float *gtable,
                                 int N, int V, int D) {
    int at = get_global_id(0);
    if (at >= V * D) return;
    int t = at / D;
    int c = at % D;
    float s = 0.0f;
    for (int n = 0; n < N; n++) {
        if (ids[n] == t) s += gout[n * D + c];
    }
    gtable[at] = s;
}

__kernel void add_positional(__global const float *x, __global const float *pe, __global float *out,
                             int B, int L, int D) {
    int at = get_global_id(0);
    if (at >= B * L * D) return;
    out[at] = x[at] + pe[((at / D) % L) * D + at % D];
}

__kernel void positional_backward(__global const float *gout, __global float *gpe, int B, int L, int D) {
    int at = get_global_id(0);
    if (at >= L * D) return;
    float s = 0.0f;
    for (int b = 0; b < B; b++) s += gout[b * L * D + at];
    gpe[at] = s;
}

__kernel void mean_pool(__global const float *x, __global float *out, int B, int L, int D) {
    int at = get_global_id(0);
    if (at >= B * D) return;
    int b = at / D;
    int c = at % D;
    float s = 0.0f;
    for (int l = 0; l < L; l++) s += x[(b * L + l) * D + c];
    out[at] = s / (float) L;
}

__kernel void mean_pool_backward(__global const float *gout, __global float *gx, int B, int L, int D) {
    int at = get_global_id(0);
    if (at >= B * L * D) return;
    gx[at] = gout[(at / (L * D)) * D + at % D] / (float) L;
}

// AdamW with hyper = [lr, beta1, beta2, eps, weightDecay, step, gradScale] (twin of ModelKernels.adamW):
// g is multiplied by gradScale first; bias corrections 1 - beta^t in float, as ModelKernels.biasCorrection.
__kernel void adamw(__global float *w, __global const float *g, __global float *m, __global float *v,
                    __global const float *hyper, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    float lr = hyper[0], beta1 = hyper[1], beta2 = hyper[2], eps = hyper[3], wd = hyper[4], scale = hyper[6];
    float bc1 = 1.0f - pow(beta1, hyper[5]);
    float bc2 = 1.0f - pow(beta2, hyper[5]);
    float gi = g[i] * scale;
    float mi = beta1 * m[i] + (1.0f - beta1) * gi;
    float vi = beta2 * v[i] + (1.0f - beta2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    float wi = w[i];
    w[i] = wi - lr * (mi / bc1 / (sqrt(vi / bc2) + eps) + wd * wi);
}

__kernel void scale(__global float *x, float factor, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    x[i] *= factor;
}

// Tree reduction of red[0, local size) (a power of two) into red[0].
static inline void reduce_local(__local float *red) {
    int lid = get_local_id(0);
    for (int s = get_local_size(0) / 2; s > 0; s >>= 1) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lid < s) red[lid] += red[lid + s];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}

// Pass 1: work-item gid sums x_i^2 for i = gid, gid + global size, ...; each group writes one partial.
__kernel void sum_squares_partial(__global const float *x, __global float *partial, int n, __local float *red) {
    int gid = get_global_id(0);
    float s = 0.0f;
    for (int i = gid; i < n; i += get_global_size(0)) s += x[i] * x[i];
    red[get_local_id(0)] = s;
    reduce_local(red);
    if (get_local_id(0) == 0) partial[get_group_id(0)] = red[0];
}

// Pass 2, one work-group: out[0] = sum of the partials.
__kernel void sum_partials(__global const float *partial, int count, __global float *out, __local float *red) {
    int lid = get_local_id(0);
    float s = 0.0f;
    for (int i = lid; i < count; i += get_local_size(0)) s += partial[i];
    red[lid] = s;
    reduce_local(red);
    if (lid == 0) out[0] = red[0];
}
