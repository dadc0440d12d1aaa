// OpenCL C twins of dev.ea4j.kernels.LossKernels. Each loss is a per-row (or per-block) pass that writes
// the gradient and partial losses, then reduce_mean, one work-group, folds the partials into loss[0].

/** Sum of v over the work-group (every lane gets it); red holds get_local_size(0) floats. */
float group_sum(__local float* red, float v) {
    int lid = get_local_id(0);
    red[lid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = get_local_size(0) / 2; s > 0; s >>= 1) {
        if (lid < s) red[lid] += red[lid + s];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    float t = red[0];
    barrier(CLK_LOCAL_MEM_FENCE);
    return t;
}

/** Max of v over the work-group (every lane gets it). */
float group_max(__local float* red, float v) {
    int lid = get_local_id(0);
    red[lid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = get_local_size(0) / 2; s > 0; s >>= 1) {
        if (lid < s) red[lid] = fmax(red[lid], red[lid + s]);
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    float t = red[0];
    barrier(CLK_LOCAL_MEM_FENCE);
    return t;
}

/**
 * One work-group: count[0] = the number of labels >= 0 (negative labels are ignored by the cross-entropy).
 */
__kernel void count_labels(__global const int* labels, const int rows, __global float* count,
                           __local float* red) {
    float acc = 0.0f;
    for (int i = get_local_id(0); i < rows; i += get_local_size(0)) acc += labels[i] >= 0 ? 1.0f : 0.0f;
    float t = group_sum(red, acc);
    if (get_local_id(0) == 0) count[0] = t;
}

/**
 * One work-group per row: grad_rc = (softmax_rc - [c == label_r]) / count and
 * rowLoss[r] = logsumexp_r - logit_r[label_r]; a row with a negative label gets zero gradient and loss.
 */
__kernel void softmax_cross_entropy_rows(__global const float* logits, __global const int* labels,
                                         __global float* grad, __global float* rowLoss, const int rows,
                                         const int classes, __global const float* count, __local float* red) {
    int r = get_group_id(0);
    int lid = get_local_id(0), ls = get_local_size(0);
    int o = r * classes;
    int label = labels[r];
    if (label < 0) {
        for (int c = lid; c < classes; c += ls) grad[o + c] = 0.0f;
        if (lid == 0) rowLoss[r] = 0.0f;
        return;
    }
    float invRows = 1.0f / count[0];
    float m = -INFINITY;
    for (int c = lid; c < classes; c += ls) m = fmax(m, logits[o + c]);
    m = group_max(red, m);
    float s = 0.0f;
    for (int c = lid; c < classes; c += ls) s += exp(logits[o + c] - m);
    s = group_sum(red, s);
    float inv = 1.0f / s;
    for (int c = lid; c < classes; c += ls) {
        float g = exp(logits[o + c] - m) * inv * invRows;
        grad[o + c] = c == label ? g - invRows : g;
    }
    if (lid == 0) rowLoss[r] = m + log(s) - logits[o + label];
}

/**
 * Grid-stride pass: grad_i = g (pred_i - target_i) and, per work-group, the partial sum of
 * (pred - target)^2 in partial[group].
 */
__kernel void mean_squared_error_partial(__global const float* pred, __global const float* target,
                                         __global float* grad, __global float* partial, const int n,
                                         const float g, __local float* red) {
    float acc = 0.0f;
    for (int i = get_global_id(0); i < n; i += get_global_size(0)) {
        float d = pred[i] - target[i];
        grad[i] = g * d;
        acc += d * d;
    }
    float t = group_sum(red, acc);
    if (get_local_id(0) == 0) partial[get_group_id(0)] = t;
}

/** out[0] = (sum of in[0..count)) / denom; launched as a single work-group. */
__kernel void reduce_mean(__global const float* in, const int count, __global float* out, const int denom,
                          __local float* red) {
    float acc = 0.0f;
    for (int i = get_local_id(0); i < count; i += get_local_size(0)) acc += in[i];
    float t = group_sum(red, acc);
    if (get_local_id(0) == 0) out[0] = t / (float) denom;
}

/** out[0] = (sum of in[0..count)) / denom[0], or 0 when denom[0] is 0; launched as a single work-group. */
__kernel void reduce_mean_by(__global const float* in, const int count, __global float* out,
                             __global const float* denom, __local float* red) {
    float acc = 0.0f;
    for (int i = get_local_id(0); i < count; i += get_local_size(0)) acc += in[i];
    float t = group_sum(red, acc);
    if (get_local_id(0) == 0) out[0] = denom[0] > 0.0f ? t / denom[0] : 0.0f;
}
