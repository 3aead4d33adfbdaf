/*
 * progress.c - the training display (see progress.h).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include "progress.h"

enum { BAR_WIDTH = 30 };
/* The bar is redrawn at most this often; drawing every batch of a fast
 * model would cost more than the training and flood slow terminals. */
#define REDRAW_SECONDS 0.1

double nn_cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void nn_cli_progress_init(nn_cli_progress *p, nn_cli_progress_mode mode,
                          FILE *out, size_t first_epoch, size_t total_epochs,
                          size_t train_rows, size_t batch_size)
{
    memset(p, 0, sizeof *p);
    p->mode = mode;
    p->out = out;
    p->epoch = first_epoch;
    p->total_epochs = total_epochs;
    p->train_rows = train_rows;
    p->batch_size = batch_size;
    p->epoch_start = nn_cli_now();
    p->last_draw = -1;
}

static int digits(size_t v)
{
    int d = 1;
    while (v >= 10) {
        v /= 10;
        d++;
    }
    return d;
}

/* "7s", "3:05", "1:02:03", as Keras writes durations. */
static void format_duration(double seconds, char *buf, size_t len)
{
    long s = seconds > 0 ? (long)(seconds + 0.5) : 0;
    if (s < 60)
        snprintf(buf, len, "%lds", s);
    else if (s < 3600)
        snprintf(buf, len, "%ld:%02ld", s / 60, s % 60);
    else
        snprintf(buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}

static void print_bar(FILE *out, size_t done, size_t total)
{
    size_t filled = total ? done * BAR_WIDTH / total : BAR_WIDTH;
    fputc('[', out);
    for (size_t i = 0; i < BAR_WIDTH; i++)
        fputc(i < filled ? '=' : i == filled ? '>' : '.', out);
    fputc(']', out);
}

/* " - loss: 0.1234 - accuracy: 0.9500"; a metric that was not computed
 * (accuracy under MSE, validation without validation data) is left out. */
static void print_metric(FILE *out, const char *name, float value)
{
    if (isnan(value))
        return;
    /* Keras' rule: 4 decimals, or 4 significant digits for tiny values
     * that would print as 0.0000. */
    if (value != 0 && fabsf(value) < 1e-3f)
        fprintf(out, " - %s: %.4e", name, (double)value);
    else
        fprintf(out, " - %s: %.4f", name, (double)value);
}

/* Rows trained on after @p batches_done batches of @p batches. */
static size_t rows_done(const nn_cli_progress *p, size_t batches_done,
                        size_t batches)
{
    size_t rows = batches_done * p->batch_size;
    if (batches_done >= batches && p->train_rows > 0)
        return p->train_rows;
    return rows;
}

static void print_epoch_header(nn_cli_progress *p)
{
    fprintf(p->out, "Epoch %zu/%zu\n", p->epoch + 1, p->total_epochs);
}

void nn_cli_progress_batch(nn_cli_progress *p, size_t batch, size_t batches,
                           float loss, float accuracy)
{
    if (p->mode != NN_CLI_PROGRESS_BAR)
        return;
    double now = nn_cli_now();
    if (batch == 0 && !p->line_open)
        print_epoch_header(p);
    p->batches = batches;
    if (batch != 0 && batch + 1 != batches && p->last_draw >= 0 &&
        now - p->last_draw < REDRAW_SECONDS)
        return;
    p->last_draw = now;

    size_t done = batch + 1;
    double elapsed = now - p->epoch_start;
    char eta[32];
    format_duration(elapsed / (double)done * (double)(batches - done), eta,
                    sizeof eta);
    fprintf(p->out, "\r%*zu/%zu ", digits(batches), done, batches);
    print_bar(p->out, done, batches);
    fprintf(p->out, " - ETA: %s", eta);
    print_metric(p->out, "loss", loss);
    print_metric(p->out, "accuracy", accuracy);
    /* A rate measured over a few milliseconds is noise. */
    if (elapsed >= REDRAW_SECONDS)
        fprintf(p->out, " - %.0f samples/s",
                (double)rows_done(p, done, batches) / elapsed);
    fputs("\033[K", p->out); /* erase what a longer earlier line left */
    fflush(p->out);
    p->line_open = 1;
}

static void print_epoch_metrics(FILE *out, const nn_epoch_logs *logs)
{
    print_metric(out, "loss", logs->loss);
    print_metric(out, "accuracy", logs->accuracy);
    print_metric(out, "val_loss", logs->val_loss);
    print_metric(out, "val_accuracy", logs->val_accuracy);
}

void nn_cli_progress_epoch(nn_cli_progress *p, const nn_epoch_logs *logs)
{
    char took[32];
    format_duration(logs->seconds, took, sizeof took);
    if (p->mode == NN_CLI_PROGRESS_BAR) {
        size_t batches = p->batches;
        if (!p->line_open)
            print_epoch_header(p);
        fprintf(p->out, "\r%*zu/%zu ", digits(batches), batches, batches);
        print_bar(p->out, batches, batches);
        fprintf(p->out, " - %s", took);
        if (logs->seconds > 0)
            fprintf(p->out, " - %.0f samples/s",
                    (double)rows_done(p, batches, batches) / logs->seconds);
        print_epoch_metrics(p->out, logs);
        fputs("\033[K\n", p->out);
        fflush(p->out);
    } else if (p->mode == NN_CLI_PROGRESS_LINES) {
        fprintf(p->out, "Epoch %zu/%zu - %.2fs", p->epoch + 1,
                p->total_epochs, logs->seconds);
        print_epoch_metrics(p->out, logs);
        fputc('\n', p->out);
        fflush(p->out);
    }
    p->line_open = 0;
    p->last_draw = -1;
    p->epoch++;
    p->epoch_start = nn_cli_now();
}

void nn_cli_progress_finish(nn_cli_progress *p)
{
    if (p->line_open) {
        fputc('\n', p->out);
        fflush(p->out);
        p->line_open = 0;
    }
}
