__kernel void scale(__global const float* x, __global float* y, const float f, const int n) {
    int i = get_global_id(0);
    if (i < n) y[i] = x[i] * f;
}
