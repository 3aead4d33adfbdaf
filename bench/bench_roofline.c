/*
 * bench_roofline.c - the floor under an epoch of training: the same sgemm
 * calls libnn makes, alone, plus the batch gather, on OpenBLAS directly.
 *
 *   bench_roofline --net origin|wide [--rows N] [--threads T] [--reps R]
 *
 * Per batch of `rows` shuffled rows (the last one smaller, as in nn_fit):
 *   gather: memcpy each row's features and label into batch buffers;
 *   for each layer l:  z_l = a_{l-1} W_l                 (forward)
 *   for each layer l, last first:
 *                      dW_l = a_{l-1}^T delta_l          (weight gradient)
 *                      delta_{l-1} = delta_l W_l^T       (not for l = 1)
 * Activations, biases, the loss and the optimizer are left out: what
 * remains is the least any sgemm-based trainer must do. The data are
 * synthetic values of the real sizes (what sgemm computes does not depend
 * on them). One untimed epoch warms up, then R epochs are timed; the JSON
 * line reports each and the median, split into gather and sgemm time.
 */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"

static float *alloc_floats(size_t n, uint64_t *rng, float scale)
{
    float *p = malloc(n * sizeof *p);
    if (!p) {
        fprintf(stderr, "bench_roofline: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < n; i++)
        p[i] = bench_uniform(rng, -scale, scale);
    return p;
}

static void sgemm(int ta, int tb, size_t m, size_t n, size_t k,
                  const float *a, size_t lda, const float *b, size_t ldb,
                  float *c, size_t ldc)
{
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans,
                tb ? CblasTrans : CblasNoTrans, (int)m, (int)n, (int)k, 1.0f,
                a, (int)lda, b, (int)ldb, 0.0f, c, (int)ldc);
}

int main(int argc, char **argv)
{
    const char *net_name = NULL;
    size_t rows_all = 60000, reps = 3;
    int threads = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *a = argv[i], *v = argv[i + 1];
        if (!strcmp(a, "--net"))
            net_name = v;
        else if (!strcmp(a, "--rows"))
            rows_all = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--threads"))
            threads = atoi(v);
        else if (!strcmp(a, "--reps"))
            reps = strtoull(v, NULL, 10);
        else {
            fprintf(stderr, "bench_roofline: unknown option %s\n", a);
            return 2;
        }
    }
    const bench_net *net = net_name ? bench_find_net(net_name) : NULL;
    if (!net || rows_all == 0 || reps == 0 || reps > 64) {
        fprintf(stderr, "bench_roofline: need --net origin|wide\n");
        return 2;
    }
    openblas_set_num_threads(threads);

    uint64_t rng = 0x9E3779B97F4A7C15ULL;
    size_t L = net->layers, d = net->width[0], bs = net->batch;
    size_t widest = 0;
    for (size_t l = 1; l <= L; l++)
        widest = net->width[l] > widest ? net->width[l] : widest;
    float *x_all = alloc_floats(rows_all * d, &rng, 1.0f);
    float *y_all = alloc_floats(rows_all, &rng, 1.0f);
    float *xb = alloc_floats(bs * d, &rng, 1.0f);
    float *yb = alloc_floats(bs, &rng, 1.0f);
    float *w[4], *dw[4], *z[4];
    for (size_t l = 1; l <= L; l++) {
        size_t in = net->width[l - 1], out = net->width[l];
        float glorot = sqrtf(6.0f / (float)(in + out));
        w[l] = alloc_floats(in * out, &rng, glorot);
        dw[l] = alloc_floats(in * out, &rng, 0.0f);
        z[l] = alloc_floats(bs * out, &rng, 0.0f);
    }
    float *delta_out = alloc_floats(bs * net->width[L], &rng, 0.1f);
    float *dbuf[2] = {alloc_floats(bs * widest, &rng, 0.0f),
                      alloc_floats(bs * widest, &rng, 0.0f)};
    size_t *perm = malloc(rows_all * sizeof *perm);
    if (!perm)
        return 1;
    for (size_t i = 0; i < rows_all; i++)
        perm[i] = i;
    for (size_t i = rows_all - 1; i > 0; i--) {
        size_t j = (size_t)(bench_rand(&rng) % (i + 1));
        size_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }

    double epoch_s[64], gather_s[64], gemm_s[64];
    size_t batches = (rows_all + bs - 1) / bs;
    for (size_t r = 0; r <= reps; r++) {
        double tg = 0.0, tm = 0.0;
        double t_epoch = bench_now();
        for (size_t b = 0; b < batches; b++) {
            size_t start = b * bs;
            size_t rows = rows_all - start < bs ? rows_all - start : bs;
            double t0 = bench_now();
            for (size_t i = 0; i < rows; i++) {
                size_t src = perm[start + i];
                memcpy(xb + i * d, x_all + src * d, d * sizeof(float));
                memcpy(yb + i, y_all + src, sizeof(float));
            }
            double t1 = bench_now();
            const float *in = xb;
            for (size_t l = 1; l <= L; l++) {
                sgemm(0, 0, rows, net->width[l], net->width[l - 1], in,
                      net->width[l - 1], w[l], net->width[l], z[l],
                      net->width[l]);
                in = z[l];
            }
            const float *delta = delta_out;
            int cur = 0;
            for (size_t l = L; l >= 1; l--) {
                const float *a_in = l == 1 ? xb : z[l - 1];
                sgemm(1, 0, net->width[l - 1], net->width[l], rows, a_in,
                      net->width[l - 1], delta, net->width[l], dw[l],
                      net->width[l]);
                if (l > 1) {
                    sgemm(0, 1, rows, net->width[l - 1], net->width[l], delta,
                          net->width[l], w[l], net->width[l], dbuf[cur],
                          net->width[l - 1]);
                    delta = dbuf[cur];
                    cur ^= 1;
                }
            }
            double t2 = bench_now();
            tg += t1 - t0;
            tm += t2 - t1;
        }
        double e = bench_now() - t_epoch;
        if (r) { /* r == 0 warms up */
            epoch_s[r - 1] = e;
            gather_s[r - 1] = tg;
            gemm_s[r - 1] = tm;
        }
    }
    /* FLOPs of the products: 2 m n k each. */
    double flops = 0.0;
    for (size_t l = 1; l <= L; l++) {
        double mk = (double)net->width[l - 1] * (double)net->width[l];
        flops += 2.0 * mk * (double)rows_all * (l > 1 ? 3.0 : 2.0);
    }
    double med = bench_median(epoch_s, reps);
    printf("{\"type\":\"floor\",\"net\":\"%s\",\"threads\":%d,\"rows\":%zu,"
           "\"corename\":\"%s\",\"epoch_s\":",
           net->name, threads, rows_all, openblas_get_corename());
    bench_json_array(stdout, epoch_s, reps);
    printf(",\"gather_s\":");
    bench_json_array(stdout, gather_s, reps);
    printf(",\"gemm_s\":");
    bench_json_array(stdout, gemm_s, reps);
    printf(",\"epoch_s_median\":%.6g,\"gflop\":%.6g,\"gemm_gflops\":%.6g}\n",
           med, flops * 1e-9,
           flops * 1e-9 / bench_median(gemm_s, reps));
    printf("{\"type\":\"rusage\",\"contender\":\"floor\",\"maxrss_kb\":%ld}\n",
           bench_maxrss_kb());
    return 0;
}
