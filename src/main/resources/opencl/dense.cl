// OpenCL C twins of dev.ea4j.kernels.DenseKernels (fp32, row-major flat arrays).
//
// Matmuls: one tiled kernel body for the three layouts. A work-group of WG x WG work-items computes a
// TILE x TILE block of C (TILE = WG * RB); each work-item owns an RB x RB register block of C, at rows
// ty + r*WG and columns tx + c*WG (strided, conflict-free local reads on GPUs) or, with EA4J_MM_CONTIG
// (the CPU default), a contiguous RB x RB block. Per step of K the
// group stages a TILE x TK slice of A and a TK x TILE slice of B in local memory. Out-of-range loads read
// zero and stores are guarded, so any M, N, K work. WG, RB and TK come from LaunchGeometry (-D defines).

#ifndef EA4J_MM_WG
#define EA4J_MM_WG 16
#endif
#ifndef EA4J_MM_RB
#define EA4J_MM_RB 4
#endif
#ifndef EA4J_MM_TK
#define EA4J_MM_TK 16
#endif

// Which columns of the tile a work-item owns: strided (tx + c*WG, conflict-free local reads on GPUs) or,
// with EA4J_MM_CONTIG, a contiguous run (tx*RB + c, vectorisable within a work-item on CPUs).
#ifdef EA4J_MM_CONTIG
#define COL_OF(tx, c) ((tx) * RB + (c))
#define ROW_OF(ty, r) ((ty) * RB + (r))
#else
#define COL_OF(tx, c) ((tx) + (c) * WG)
#define ROW_OF(ty, r) ((ty) + (r) * WG)
#endif

#define WG EA4J_MM_WG
#define RB EA4J_MM_RB
#define TK EA4J_MM_TK
#define TILE (WG * RB)

// Layout selectors: A(i, p) and B(p, j) element addresses for each kernel.
#define A_NN(i, p) a[(i) * K + (p)]
#define A_TA(i, p) a[(p) * M + (i)]
#define B_NN(p, j) b[(p) * N + (j)]
#define B_TB(p, j) b[(j) * K + (p)]

// Loads follow each operand's contiguous axis: A row-major [M, K] walks p fastest, A^T [K, M] walks i
// fastest; B [K, N] walks j fastest, B^T [N, K] walks p fastest.
#define LOAD_A_ROWMAJOR(AEL)                                                            \
    for (int e = lid; e < TILE * TK; e += WG * WG) {                                    \
        int r = e / TK, kk = e - r * TK;                                                \
        int gi = row0 + r, gp = p0 + kk;                                                \
        As[kk][r] = (gi < M && gp < K) ? AEL(gi, gp) : 0.0f;                            \
    }
#define LOAD_A_COLMAJOR(AEL)                                                            \
    for (int e = lid; e < TILE * TK; e += WG * WG) {                                    \
        int kk = e / TILE, r = e - kk * TILE;                                           \
        int gi = row0 + r, gp = p0 + kk;                                                \
        As[kk][r] = (gi < M && gp < K) ? AEL(gi, gp) : 0.0f;                            \
    }
#define LOAD_B_ROWMAJOR(BEL)                                                            \
    for (int e = lid; e < TILE * TK; e += WG * WG) {                                    \
        int kk = e / TILE, c = e - kk * TILE;                                           \
        int gj = col0 + c, gp = p0 + kk;                                                \
        Bs[kk][c] = (gj < N && gp < K) ? BEL(gp, gj) : 0.0f;                            \
    }
#define LOAD_B_COLMAJOR(BEL)                                                            \
    for (int e = lid; e < TILE * TK; e += WG * WG) {                                    \
        int c = e / TK, kk = e - c * TK;                                                \
        int gj = col0 + c, gp = p0 + kk;                                                \
        Bs[kk][c] = (gj < N && gp < K) ? BEL(gp, gj) : 0.0f;                            \
    }

#define MATMUL_BODY(LOAD_A, LOAD_B)                                                     \
    __local float As[TK][TILE];                                                         \
    __local float Bs[TK][TILE];                                                         \
    const int tx = get_local_id(0), ty = get_local_id(1);                               \
    const int lid = ty * WG + tx;                                                       \
    const int row0 = get_group_id(1) * TILE, col0 = get_group_id(0) * TILE;            \
    float acc[RB][RB];                                                                  \
    for (int r = 0; r < RB; r++)                                                        \
        for (int c = 0; c < RB; c++) acc[r][c] = 0.0f;                                  \
    for (int p0 = 0; p0 < K; p0 += TK) {                                                \
        LOAD_A                                                                          \
        LOAD_B                                                                          \
        barrier(CLK_LOCAL_MEM_FENCE);                                                   \
        for (int kk = 0; kk < TK; kk++) {                                               \
            float ar[RB], br[RB];                                                       \
            for (int r = 0; r < RB; r++) ar[r] = As[kk][ROW_OF(ty, r)];                   \
            for (int c = 0; c < RB; c++) br[c] = Bs[kk][COL_OF(tx, c)];                   \
            for (int r = 0; r < RB; r++)                                                \
                for (int c = 0; c < RB; c++) acc[r][c] = fma(ar[r], br[c], acc[r][c]); \
        }                                                                               \
        barrier(CLK_LOCAL_MEM_FENCE);                                                   \
    }                                                                                   \
    for (int r = 0; r < RB; r++) {                                                      \
        int gi = row0 + ROW_OF(ty, r);                                                      \
        if (gi >= M) break;                                                             \
        for (int c = 0; c < RB; c++) {                                                  \
            int gj = col0 + COL_OF(tx, c);                                                  \
            if (gj < N) out[gi * N + gj] = acc[r][c];                                   \
        }                                                                               \
    }

/** c = a b. a: [M, K], b: [K, N], c: [M, N]. */
__kernel __attribute__((reqd_work_group_size(WG, WG, 1)))
void matmul(__global const float* a, __global const float* b, __global float* out,
            const int M, const int N, const int K) {
    MATMUL_BODY(LOAD_A_ROWMAJOR(A_NN), LOAD_B_ROWMAJOR(B_NN))
}

/** c = a b^T. a: [M, K], b: [N, K], c: [M, N]. */
__kernel __attribute__((reqd_work_group_size(WG, WG, 1)))
void matmul_transpose_b(__global const float* a, __global const float* b, __global float* out,
                        const int M, const int N, const int K) {
    MATMUL_BODY(LOAD_A_ROWMAJOR(A_NN), LOAD_B_COLMAJOR(B_TB))
}

/** c = a^T b. a: [K, M], b: [K, N], c: [M, N]. */
__kernel __attribute__((reqd_work_group_size(WG, WG, 1)))
void matmul_transpose_a(__global const float* a, __global const float* b, __global float* out,
                        const int M, const int N, const int K) {
    MATMUL_BODY(LOAD_A_COLMAJOR(A_TA), LOAD_B_ROWMAJOR(B_NN))
}

/** x[r, c] += bias[c] in place, one work-item per element. x: [rows, cols]. */
__kernel void add_bias(__global float* x, __global const float* bias, const int rows, const int cols) {
    int i = get_global_id(0);
    if (i < rows * cols) x[i] += bias[i % cols];
}

/** gb[c] = sum_r gy[r, c]: one work-item per column, rows summed in order (adjacent items read adjacent columns). */
__kernel void bias_gradient(__global const float* gy, __global float* gb, const int rows, const int cols) {
    int c = get_global_id(0);
    if (c >= cols) return;
    float s = 0.0f;
    for (int r = 0; r < rows; r++) s += gy[r * cols + c];
    gb[c] = s;
}

#define GELU_S 0.7978845608028654f
#define GELU_C 0.044715f

/** y = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
__kernel void gelu(__global const float* x, __global float* y, const int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    float xi = x[i];
    float t = tanh(GELU_S * (xi + GELU_C * xi * xi * xi));
    y[i] = 0.5f * xi * (1.0f + t);
}

/** gx = gy * GELU'(x). */
__kernel void gelu_backward(__global const float* x, __global const float* gy, __global float* gx, const int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    float xi = x[i];
    float t = tanh(GELU_S * (xi + GELU_C * xi * xi * xi));
    float d = 0.5f * (1.0f + t) + 0.5f * xi * (1.0f - t * t) * GELU_S * (1.0f + 3.0f * GELU_C * xi * xi);
    gx[i] = gy[i] * d;
}

/** out = a + b. */
__kernel void add(__global const float* a, __global const float* b, __global float* out, const int n) {
    int i = get_global_id(0);
    if (i < n) out[i] = a[i] + b[i];
}

/** lowbias32: the 32-bit hash of DropoutKernels.mix. */
static uint dropout_mix(uint x) {
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

/** y = keep x 2^24 / (2^24 - t), keep = [hash(seed, salt, i) >> 8 >= t]; the same mask as DropoutKernels. */
__kernel void dropout(__global const float* x, __global float* y, __global const int* control, const int salt,
                      const int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    int threshold = control[0];
    float scale = 16777216.0f / (float) (16777216 - threshold);
    uint h = dropout_mix(dropout_mix((uint) control[1] + (uint) salt * 0x9E3779B9u) ^ (uint) i);
    y[i] = (int) (h >> 8) >= threshold ? x[i] * scale : 0.0f;
}
