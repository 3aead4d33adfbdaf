/*
 * bench_libnn.c - the libnn contender.
 *
 *   bench_libnn --net origin|wide [--rows N] [--epochs E] [--seeds S]
 *               [--threads T] [--alloc-window LO,HI] [--lat-calls C]
 *               [--thr-reps R] [--growth N1,N2,...] [--data DIR]
 *
 * Trains the network S times (seeds 0..S-1) on the first N training rows
 * of Fashion-MNIST for E epochs, timing every epoch, then evaluates it on
 * the test set; the first model then serves the inference measurements
 * (batch-1 latency over C calls, batch-1024 throughput over the test set,
 * R passes). With --growth it instead times one epoch on each row count.
 * Results are JSON lines on stdout; nothing else is printed there.
 *
 * Allocations are counted by malloc_count.c, linked into this binary so
 * its malloc & co. interpose on libc's for libnn and OpenBLAS too; the
 * counter is read from nn_fit's per-batch callback at global steps LO and
 * HI (default 100 and 1100).
 */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "malloc_count.h"
#include "nn.h"

#define MAX_EPOCHS 64
#define MAX_SIZES 16

typedef struct fit_ctx {
    size_t step;            /* optimizer steps completed in this fit */
    size_t win_lo, win_hi;  /* allocation window (global steps) */
    long alloc_lo, alloc_hi;
    int have_lo, have_hi;
    double t_epoch[MAX_EPOCHS]; /* when each epoch's callback ran */
    double lib_seconds[MAX_EPOCHS];
    size_t epochs_seen;
} fit_ctx;

static int on_batch(void *user, size_t epoch, size_t batch, size_t batches,
                    float loss, float acc)
{
    fit_ctx *c = user;
    c->step++;
    if (c->step == c->win_lo) {
        c->alloc_lo = bench_alloc_count();
        c->have_lo = 1;
    }
    if (c->step == c->win_hi) {
        c->alloc_hi = bench_alloc_count();
        c->have_hi = 1;
    }
    return 0;
}

static int on_epoch(void *user, const nn_epoch_logs *logs)
{
    fit_ctx *c = user;
    double t = bench_now();
    if (c->epochs_seen < MAX_EPOCHS) {
        c->t_epoch[c->epochs_seen] = t;
        c->lib_seconds[c->epochs_seen] = logs->seconds;
    }
    c->epochs_seen++;
    return 0;
}

static void die(const char *what, nn_status st)
{
    fprintf(stderr, "bench_libnn: %s: %s (%s)\n", what, nn_status_name(st),
            nn_last_error());
    exit(1);
}

static nn_model *build(const bench_net *net, uint64_t seed)
{
    nn_model *m;
    nn_status st = nn_model_create(&m, net->width[0]);
    if (st)
        die("nn_model_create", st);
    for (size_t i = 0; i < net->layers; i++) {
        st = nn_model_add_dense(m, net->width[i + 1],
                                i + 1 < net->layers ? NN_ACT_RELU
                                                    : NN_ACT_SOFTMAX);
        if (st)
            die("nn_model_add_dense", st);
    }
    nn_model_set_seed(m, seed);
    st = nn_model_compile(m, NN_OPT_ADAM,
                          NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0.0f);
    if (st)
        die("nn_model_compile", st);
    return m;
}

/* Trains one model; fills c and returns the wall time of the whole fit. */
static double fit(nn_model *m, const bench_net *net, const float *x,
                  const float *y, size_t rows, size_t epochs, fit_ctx *c,
                  double *t_start)
{
    nn_fit_options o;
    nn_fit_options_init(&o);
    o.on_batch = on_batch;
    o.on_batch_user = c;
    o.on_epoch = on_epoch;
    o.on_epoch_user = c;
    double t0 = bench_now();
    nn_status st = nn_fit(m, x, y, rows, epochs, net->batch, &o);
    double t1 = bench_now();
    if (st)
        die("nn_fit", st);
    *t_start = t0;
    return t1 - t0;
}

int main(int argc, char **argv)
{
    const char *net_name = NULL, *data = BENCH_DEFAULT_DATA;
    const char *growth = NULL;
    size_t rows = 0, epochs = 1, seeds = 1, lat_calls = 0, thr_reps = 3;
    size_t win[2] = {100, 1100};
    int threads = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) {
            fprintf(stderr, "bench_libnn: %s needs a value\n", a);
            return 2;
        }
        i++;
        if (!strcmp(a, "--net"))
            net_name = v;
        else if (!strcmp(a, "--data"))
            data = v;
        else if (!strcmp(a, "--rows"))
            rows = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--epochs"))
            epochs = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--seeds"))
            seeds = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--threads"))
            threads = atoi(v);
        else if (!strcmp(a, "--alloc-window"))
            bench_parse_list(v, win, 2);
        else if (!strcmp(a, "--lat-calls"))
            lat_calls = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--thr-reps"))
            thr_reps = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--growth"))
            growth = v;
        else {
            fprintf(stderr, "bench_libnn: unknown option %s\n", a);
            return 2;
        }
    }
    const bench_net *net = net_name ? bench_find_net(net_name) : NULL;
    if (!net || epochs == 0 || epochs > MAX_EPOCHS || seeds == 0) {
        fprintf(stderr, "bench_libnn: need --net origin|wide, 1 <= epochs "
                        "<= %d, seeds >= 1\n",
                MAX_EPOCHS);
        return 2;
    }

    /* data loading is not timed */
    char p1[4096], p2[4096];
    nn_dataset *train, *test;
    snprintf(p1, sizeof p1, "%s/train-images-idx3-ubyte.gz", data);
    snprintf(p2, sizeof p2, "%s/train-labels-idx1-ubyte.gz", data);
    nn_status st = nn_dataset_load_idx(&train, p1, p2, NN_DATASET_NORMALIZE);
    if (st)
        die("loading the training set", st);
    snprintf(p1, sizeof p1, "%s/t10k-images-idx3-ubyte.gz", data);
    snprintf(p2, sizeof p2, "%s/t10k-labels-idx1-ubyte.gz", data);
    st = nn_dataset_load_idx(&test, p1, p2, NN_DATASET_NORMALIZE);
    if (st)
        die("loading the test set", st);
    size_t n_all = nn_dataset_rows(train);
    if (rows == 0 || rows > n_all)
        rows = n_all;
    const float *x = nn_dataset_x(train), *y = nn_dataset_y(train);
    const float *xt = nn_dataset_x(test), *yt = nn_dataset_y(test);
    size_t nt = nn_dataset_rows(test);

    nn_set_num_threads(threads);
    printf("{\"type\":\"env\",\"contender\":\"libnn\",\"libnn\":\"%s\","
           "\"corename\":\"%s\",\"config\":\"%s\",\"blas_threads\":%d}\n",
           nn_version_string(), openblas_get_corename(), openblas_get_config(),
           nn_get_num_threads());
    fflush(stdout);

    if (growth) {
        size_t sizes[MAX_SIZES];
        size_t ns = bench_parse_list(growth, sizes, MAX_SIZES);
        double secs[MAX_SIZES], lib[MAX_SIZES];
        /* warm-up (untimed): OpenBLAS buffers, page faults of the code */
        {
            fit_ctx c = {0};
            double t0;
            nn_model *w = build(net, 99);
            fit(w, net, x, y, rows < 1024 ? rows : 1024, 1, &c, &t0);
            nn_model_destroy(w);
        }
        for (size_t i = 0; i < ns; i++) {
            size_t r = sizes[i] < rows ? sizes[i] : rows;
            sizes[i] = r;
            fit_ctx c = {0};
            double t0;
            nn_model *m = build(net, 0);
            secs[i] = fit(m, net, x, y, r, 1, &c, &t0);
            lib[i] = c.lib_seconds[0];
            nn_model_destroy(m);
        }
        printf("{\"type\":\"growth\",\"contender\":\"libnn\",\"net\":\"%s\","
               "\"threads\":%d,\"rows\":[",
               net->name, threads);
        for (size_t i = 0; i < ns; i++)
            printf("%s%zu", i ? "," : "", sizes[i]);
        printf("],\"epoch_s\":");
        bench_json_array(stdout, secs, ns);
        printf(",\"lib_epoch_s\":");
        bench_json_array(stdout, lib, ns);
        printf("}\n");
    } else {
        nn_model *keep = NULL;
        for (size_t s = 0; s < seeds; s++) {
            fit_ctx c = {0};
            c.win_lo = win[0];
            c.win_hi = win[1];
            nn_model *m = build(net, s);
            double t0;
            double total = fit(m, net, x, y, rows, epochs, &c, &t0);
            double ep[MAX_EPOCHS];
            for (size_t e = 0; e < epochs; e++)
                ep[e] = c.t_epoch[e] - (e ? c.t_epoch[e - 1] : t0);
            float loss, acc;
            st = nn_evaluate(m, xt, yt, nt, &loss, &acc);
            if (st)
                die("nn_evaluate", st);
            printf("{\"type\":\"train\",\"contender\":\"libnn\",\"net\":\"%s\","
                   "\"threads\":%d,\"seed\":%zu,\"rows\":%zu,\"epochs\":%zu,"
                   "\"batch\":%zu,\"steps\":%zu,\"fit_s\":%.6g,\"epoch_s\":",
                   net->name, threads, s, rows, epochs, net->batch, c.step,
                   total);
            bench_json_array(stdout, ep, epochs);
            printf(",\"lib_epoch_s\":");
            bench_json_array(stdout, c.lib_seconds, epochs);
            printf(",\"test_acc\":%.6g,\"test_loss\":%.6g", (double)acc,
                   (double)loss);
            if (c.have_lo && c.have_hi)
                printf(",\"alloc_window\":[%zu,%zu],\"allocs_per_step\":%.6g",
                       c.win_lo, c.win_hi,
                       (double)(c.alloc_hi - c.alloc_lo) /
                           (double)(c.win_hi - c.win_lo));
            printf("}\n");
            fflush(stdout);
            if (s == 0)
                keep = m;
            else
                nn_model_destroy(m);
        }

        if (lat_calls) {
            size_t k = nn_model_output_dim(keep);
            float *out = malloc(nt * k * sizeof *out);
            double *lat = malloc(lat_calls * sizeof *lat);
            if (!out || !lat) {
                fprintf(stderr, "bench_libnn: out of memory\n");
                return 1;
            }
            size_t warm = lat_calls / 10 + 100;
            for (size_t i = 0; i < warm; i++)
                nn_predict(keep, xt + (i % nt) * net->width[0], 1, out);
            for (size_t i = 0; i < lat_calls; i++) {
                const float *row = xt + (i % nt) * net->width[0];
                double t0 = bench_now();
                st = nn_predict(keep, row, 1, out);
                lat[i] = bench_now() - t0;
                if (st)
                    die("nn_predict", st);
            }
            double med = bench_quantile(lat, lat_calls, 0.5);
            double p10 = bench_quantile(lat, lat_calls, 0.1);
            double p90 = bench_quantile(lat, lat_calls, 0.9);
            double reps[64];
            if (thr_reps > 64)
                thr_reps = 64;
            /* batch-1024 passes over the test set; the first warms up */
            for (size_t r = 0; r <= thr_reps; r++) {
                double t0 = bench_now();
                for (size_t i = 0; i < nt; i += 1024) {
                    size_t n = nt - i < 1024 ? nt - i : 1024;
                    st = nn_predict(keep, xt + i * net->width[0], n,
                                    out + i * k);
                    if (st)
                        die("nn_predict", st);
                }
                if (r)
                    reps[r - 1] = bench_now() - t0;
            }
            double thr = bench_median(reps, thr_reps);
            printf("{\"type\":\"infer\",\"contender\":\"libnn\",\"net\":\"%s\","
                   "\"threads\":%d,\"lat_calls\":%zu,\"lat_median_us\":%.6g,"
                   "\"lat_p10_us\":%.6g,\"lat_p90_us\":%.6g,"
                   "\"thr_rows\":%zu,\"thr_pass_s\":",
                   net->name, threads, lat_calls, med * 1e6, p10 * 1e6,
                   p90 * 1e6, nt);
            bench_json_array(stdout, reps, thr_reps);
            printf(",\"thr_rows_per_s\":%.6g}\n", (double)nt / thr);
            free(out);
            free(lat);
        }
        nn_model_destroy(keep);
    }
    nn_dataset_destroy(train);
    nn_dataset_destroy(test);
    printf("{\"type\":\"rusage\",\"contender\":\"libnn\",\"maxrss_kb\":%ld,"
           "\"allocs_total\":%ld}\n",
           bench_maxrss_kb(), bench_alloc_count());
    return 0;
}
