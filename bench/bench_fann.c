/*
 * bench_fann.c - the FANN 2.2 contender (libfann-dev, float version).
 *
 *   bench_fann --net origin|wide [--rows N] [--epochs E] [--seed S]
 *              [--max-epoch-s T] [--lat-calls C] [--thr-reps R] [--data DIR]
 *
 * FANN's usual incremental training: fann_create_standard, tanh hidden
 * layers (FANN_SIGMOID_SYMMETRIC), a sigmoid output layer against one-hot
 * targets, FANN_TRAIN_INCREMENTAL at learning rate 0.01, one
 * fann_train_epoch per epoch; the rows are reshuffled before each epoch
 * (inside the timed region; it only permutes row pointers). FANN uses no
 * BLAS and one thread. If an epoch takes longer than --max-epoch-s,
 * training stops after it (the JSON says so). Weights are FANN's default
 * uniform [-0.1, 0.1], drawn from rand() seeded with S.
 *
 * The training data are a struct fann_train_data whose row pointers point
 * into the data set loaded by nn_dataset_load_idx (pixels / 255), so FANN
 * does not hold a second copy of the pixels and its peak RSS is comparable.
 */
#include <floatfann.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "malloc_count.h"
#include "nn.h"

#define MAX_EPOCHS 64

static void die(const char *what)
{
    fprintf(stderr, "bench_fann: %s\n", what);
    exit(1);
}

int main(int argc, char **argv)
{
    const char *net_name = NULL, *data = BENCH_DEFAULT_DATA;
    size_t rows = 0, epochs = 1, lat_calls = 0, thr_reps = 3;
    unsigned seed = 0;
    double max_epoch_s = 1e30;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *a = argv[i], *v = argv[i + 1];
        if (!strcmp(a, "--net"))
            net_name = v;
        else if (!strcmp(a, "--data"))
            data = v;
        else if (!strcmp(a, "--rows"))
            rows = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--epochs"))
            epochs = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--seed"))
            seed = (unsigned)strtoul(v, NULL, 10);
        else if (!strcmp(a, "--max-epoch-s"))
            max_epoch_s = strtod(v, NULL);
        else if (!strcmp(a, "--lat-calls"))
            lat_calls = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--thr-reps"))
            thr_reps = strtoull(v, NULL, 10);
        else {
            fprintf(stderr, "bench_fann: unknown option %s\n", a);
            return 2;
        }
    }
    const bench_net *net = net_name ? bench_find_net(net_name) : NULL;
    if (!net || epochs == 0 || epochs > MAX_EPOCHS)
        die("need --net origin|wide and 1 <= epochs <= 64");

    char p1[4096], p2[4096];
    nn_dataset *train, *test;
    snprintf(p1, sizeof p1, "%s/train-images-idx3-ubyte.gz", data);
    snprintf(p2, sizeof p2, "%s/train-labels-idx1-ubyte.gz", data);
    if (nn_dataset_load_idx(&train, p1, p2, NN_DATASET_NORMALIZE))
        die(nn_last_error());
    snprintf(p1, sizeof p1, "%s/t10k-images-idx3-ubyte.gz", data);
    snprintf(p2, sizeof p2, "%s/t10k-labels-idx1-ubyte.gz", data);
    if (nn_dataset_load_idx(&test, p1, p2, NN_DATASET_NORMALIZE))
        die(nn_last_error());
    size_t n_all = nn_dataset_rows(train);
    if (rows == 0 || rows > n_all)
        rows = n_all;
    size_t d = net->width[0], k = net->width[net->layers];
    float *x = (float *)nn_dataset_x(train);
    const float *y = nn_dataset_y(train);
    float *xt = (float *)nn_dataset_x(test);
    const float *yt = nn_dataset_y(test);
    size_t nt = nn_dataset_rows(test);

    /* one-hot targets and the row-pointer view FANN trains on */
    float *onehot = calloc(rows * k, sizeof *onehot);
    struct fann_train_data td;
    memset(&td, 0, sizeof td);
    td.num_data = (unsigned)rows;
    td.num_input = (unsigned)d;
    td.num_output = (unsigned)k;
    td.input = malloc(rows * sizeof *td.input);
    td.output = malloc(rows * sizeof *td.output);
    if (!onehot || !td.input || !td.output)
        die("out of memory");
    for (size_t i = 0; i < rows; i++) {
        onehot[i * k + (size_t)y[i]] = 1.0f;
        td.input[i] = x + i * d;
        td.output[i] = onehot + i * k;
    }

    struct fann *ann =
        net->layers == 3
            ? fann_create_standard(4, (unsigned)net->width[0],
                                   (unsigned)net->width[1],
                                   (unsigned)net->width[2],
                                   (unsigned)net->width[3])
            : NULL;
    if (!ann)
        die("fann_create_standard failed");
    srand(seed);
    fann_randomize_weights(ann, -0.1f, 0.1f);
    fann_set_training_algorithm(ann, FANN_TRAIN_INCREMENTAL);
    fann_set_learning_rate(ann, 0.01f);
    fann_set_activation_function_hidden(ann, FANN_SIGMOID_SYMMETRIC);
    fann_set_activation_function_output(ann, FANN_SIGMOID);

    printf("{\"type\":\"env\",\"contender\":\"fann\",\"fann\":\"2.2\","
           "\"blas\":\"none\"}\n");
    fflush(stdout);

    double ep[MAX_EPOCHS];
    size_t done = 0;
    int truncated = 0;
    long allocs = 0;
    uint64_t rng = 0x243F6A8885A308D3ULL ^ seed;
    for (size_t e = 0; e < epochs; e++) {
        double t0 = bench_now();
        for (size_t i = rows - 1; i > 0; i--) {
            size_t j = (size_t)(bench_rand(&rng) % (i + 1));
            float *t = td.input[i];
            td.input[i] = td.input[j];
            td.input[j] = t;
            t = td.output[i];
            td.output[i] = td.output[j];
            td.output[j] = t;
        }
        long a0 = bench_alloc_count();
        fann_train_epoch(ann, &td);
        allocs = bench_alloc_count() - a0;
        ep[done++] = bench_now() - t0;
        if (ep[done - 1] > max_epoch_s && e + 1 < epochs) {
            truncated = 1;
            break;
        }
    }

    size_t hits = 0;
    for (size_t i = 0; i < nt; i++) {
        const float *o = fann_run(ann, xt + i * d);
        size_t best = 0;
        for (size_t j = 1; j < k; j++)
            if (o[j] > o[best])
                best = j;
        hits += best == (size_t)yt[i];
    }
    printf("{\"type\":\"train\",\"contender\":\"fann\",\"net\":\"%s\","
           "\"threads\":1,\"seed\":%u,\"rows\":%zu,\"epochs\":%zu,"
           "\"epochs_requested\":%zu,\"truncated\":%s,\"batch\":1,"
           "\"epoch_s\":",
           net->name, seed, rows, done, epochs, truncated ? "true" : "false");
    bench_json_array(stdout, ep, done);
    printf(",\"test_acc\":%.6g,\"allocs_per_step\":%.6g,"
           "\"allocs_per_epoch\":%ld}\n",
           (double)hits / (double)nt, (double)allocs / (double)rows, allocs);
    fflush(stdout);

    if (lat_calls) {
        double *lat = malloc(lat_calls * sizeof *lat);
        if (!lat)
            die("out of memory");
        volatile float sink = 0.0f;
        size_t warm = lat_calls / 10 + 100;
        for (size_t i = 0; i < warm; i++)
            sink += fann_run(ann, xt + (i % nt) * d)[0];
        for (size_t i = 0; i < lat_calls; i++) {
            float *row = xt + (i % nt) * d;
            double t0 = bench_now();
            float *o = fann_run(ann, row);
            lat[i] = bench_now() - t0;
            sink += o[0];
        }
        double med = bench_quantile(lat, lat_calls, 0.5);
        double p10 = bench_quantile(lat, lat_calls, 0.1);
        double p90 = bench_quantile(lat, lat_calls, 0.9);
        double reps[64];
        if (thr_reps > 64)
            thr_reps = 64;
        /* FANN has no batch call: a "batch of 1024" is 1024 fann_run */
        for (size_t r = 0; r < thr_reps; r++) {
            double t0 = bench_now();
            for (size_t i = 0; i < nt; i++)
                sink += fann_run(ann, xt + i * d)[0];
            reps[r] = bench_now() - t0;
        }
        double thr = bench_median(reps, thr_reps);
        printf("{\"type\":\"infer\",\"contender\":\"fann\",\"net\":\"%s\","
               "\"threads\":1,\"lat_calls\":%zu,\"lat_median_us\":%.6g,"
               "\"lat_p10_us\":%.6g,\"lat_p90_us\":%.6g,\"thr_rows\":%zu,"
               "\"thr_pass_s\":",
               net->name, lat_calls, med * 1e6, p10 * 1e6, p90 * 1e6, nt);
        bench_json_array(stdout, reps, thr_reps);
        printf(",\"thr_rows_per_s\":%.6g}\n", (double)nt / thr);
        free(lat);
        (void)sink;
    }
    fann_destroy(ann);
    free(td.input);
    free(td.output);
    free(onehot);
    nn_dataset_destroy(train);
    nn_dataset_destroy(test);
    printf("{\"type\":\"rusage\",\"contender\":\"fann\",\"maxrss_kb\":%ld,"
           "\"allocs_total\":%ld}\n",
           bench_maxrss_kb(), bench_alloc_count());
    return 0;
}
