// AdamW with per-step settings in hyper = [lr, beta1, beta2, eps, weightDecay, step, gradScale]
// (twin of OptimizerKernels.adamW).
__kernel void adamw(__global float* w, __global const float* g, __global float* m, __global float* v,
                    __global const float* hyper, const int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    float lr = hyper[0], b1 = hyper[1], b2 = hyper[2], eps = hyper[3], wd = hyper[4], scale = hyper[6];
    float c1 = 1.0f / (1.0f - pow(b1, hyper[5]));
    float c2 = 1.0f / (1.0f - pow(b2, hyper[5]));
    float gi = g[i] * scale;
    float mi = b1 * m[i] + (1.0f - b1) * gi;
    float vi = b2 * v[i] + (1.0f - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] -= lr * (mi * c1 / (sqrt(vi * c2) + eps) + wd * w[i]);
}
