/*
 * OpenBLAS SGEMM baseline for ea4j's DenseKernels, row-major fp32, c[M,N] = op(a) op(b):
 *   matmul            a[M,K] b[K,N]   (NoTrans, NoTrans)
 *   matmulTransposeB  a[M,K] b[N,K]   (NoTrans, Trans)     Linear forward
 *   matmulTransposeA  a[K,M] b[K,N]   (Trans,   NoTrans)   weight gradients
 * Usage: sgemm_openblas [M N K [warmup repeats]]   (defaults 4096 768 768 2 10)
 * Prints one JSON object: per variant the median and min seconds and GFLOP/s = 2 M N K / median.
 * Threads: OPENBLAS_NUM_THREADS (run-sgemm.sh sets it to the core count).
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static float *rnd(size_t n, unsigned seed) {
    float *p = aligned_alloc(64, ((n * sizeof(float) + 63) / 64) * 64);
    if (!p) { fprintf(stderr, "sgemm_openblas: out of memory\n"); exit(1); }
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        p[i] = (float)((seed >> 8) * (1.0 / 16777216.0) - 0.5);
    }
    return p;
}

int main(int argc, char **argv) {
    int M = 4096, N = 768, K = 768, warmup = 2, repeats = 10;
    if (argc >= 4) { M = atoi(argv[1]); N = atoi(argv[2]); K = atoi(argv[3]); }
    if (argc >= 6) { warmup = atoi(argv[4]); repeats = atoi(argv[5]); }
    if (M <= 0 || N <= 0 || K <= 0 || warmup < 0 || repeats <= 0) {
        fprintf(stderr, "usage: sgemm_openblas [M N K [warmup repeats]] (positive sizes)\n");
        return 2;
    }
    float *a = rnd((size_t)M * K, 1), *b = rnd((size_t)K * N, 2), *c = rnd((size_t)M * N, 3);
    const char *names[3] = {"matmul", "matmulTransposeB", "matmulTransposeA"};
    double flops = 2.0 * M * N * K;
    double *runs = malloc(sizeof(double) * repeats);
    printf("{\"bench\": \"sgemm\", \"library\": \"OpenBLAS\", \"config\": \"%s\", \"threads\": %d, "
           "\"M\": %d, \"N\": %d, \"K\": %d, \"warmup\": %d, \"repeats\": %d, \"variants\": {",
           openblas_get_config(), openblas_get_num_threads(), M, N, K, warmup, repeats);
    for (int v = 0; v < 3; v++) {
        for (int r = -warmup; r < repeats; r++) {
            double t0 = now();
            if (v == 0)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0f, a, K, b, N, 0.0f, c, N);
            else if (v == 1)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, N, K, 1.0f, a, K, b, K, 0.0f, c, N);
            else
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, M, N, K, 1.0f, a, M, b, N, 0.0f, c, N);
            double t = now() - t0;
            if (r >= 0) runs[r] = t;
        }
        qsort(runs, repeats, sizeof(double), cmp);
        double med = repeats % 2 ? runs[repeats / 2] : 0.5 * (runs[repeats / 2 - 1] + runs[repeats / 2]);
        printf("%s\"%s\": {\"median_s\": %.9g, \"min_s\": %.9g, \"gflops\": %.6g}", v ? ", " : "", names[v], med,
               runs[0], flops / med / 1e9);
    }
    printf("}}\n");
    free(runs);
    free(a);
    free(b);
    free(c);
    return 0;
}
