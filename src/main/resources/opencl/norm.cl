// OpenCL C twins of dev.ea4j.kernels.NormKernels. x, y: [rows, cols]; gamma, beta: [cols]; mean, rstd: [rows].
// Row passes: one work-group per row (a power-of-two size from LaunchGeometry), lanes striding over the
// columns, sums combined by a tree reduction in local memory. Column passes: one work-item per column,
// rows summed in order.

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

/** y = (x - mean) rstd gamma + beta, two-pass population variance; one work-group per row. */
__kernel void layer_norm(__global const float* x, __global const float* gamma, __global const float* beta,
                         __global float* y, __global float* mean, __global float* rstd, const int rows,
                         const int cols, const float eps, __local float* red) {
    int r = get_group_id(0);
    int lid = get_local_id(0), ls = get_local_size(0);
    int o = r * cols;
    float s = 0.0f;
    for (int c = lid; c < cols; c += ls) s += x[o + c];
    float mu = group_sum(red, s) / cols;
    float ss = 0.0f;
    for (int c = lid; c < cols; c += ls) {
        float d = x[o + c] - mu;
        ss += d * d;
    }
    float rs = 1.0f / sqrt(group_sum(red, ss) / cols + eps);
    for (int c = lid; c < cols; c += ls) y[o + c] = (x[o + c] - mu) * rs * gamma[c] + beta[c];
    if (lid == 0) {
        mean[r] = mu;
        rstd[r] = rs;
    }
}

/** gx = rstd (g - mean(g) - xhat mean(g xhat)), g = gy gamma; one work-group per row. */
__kernel void layer_norm_backward_rows(__global const float* x, __global const float* gamma,
                                       __global const float* mean, __global const float* rstd,
                                       __global const float* gy, __global float* gx, const int rows,
                                       const int cols, __local float* red) {
    int r = get_group_id(0);
    int lid = get_local_id(0), ls = get_local_size(0);
    int o = r * cols;
    float mu = mean[r];
    float rs = rstd[r];
    float sg = 0.0f;
    float sgx = 0.0f;
    for (int c = lid; c < cols; c += ls) {
        float g = gy[o + c] * gamma[c];
        sg += g;
        sgx += g * (x[o + c] - mu) * rs;
    }
    float mg = group_sum(red, sg) / cols;
    float mgx = group_sum(red, sgx) / cols;
    for (int c = lid; c < cols; c += ls) {
        float xhat = (x[o + c] - mu) * rs;
        gx[o + c] = rs * (gy[o + c] * gamma[c] - mg - xhat * mgx);
    }
}

/** dgamma_c = sum_r gy xhat, dbeta_c = sum_r gy (overwritten); one work-item per column. */
__kernel void layer_norm_backward_columns(__global const float* x, __global const float* mean,
                                          __global const float* rstd, __global const float* gy,
                                          __global float* dgamma, __global float* dbeta, const int rows,
                                          const int cols) {
    int c = get_global_id(0);
    if (c >= cols) return;
    float sgm = 0.0f;
    float sb = 0.0f;
    for (int r = 0; r < rows; r++) {
        float g = gy[r * cols + c];
        sgm += g * (x[r * cols + c] - mean[r]) * rstd[r];
        sb += g;
    }
    dgamma[c] = sgm;
    dbeta[c] = sb;
}
