/*
 * regression.c - replays inputs through a target's LLVMFuzzerTestOneInput
 * without libFuzzer (after zstd's regression driver): every file named on
 * the command line, and every regular file inside a directory named there,
 * in name order. The sanitizers and the targets' own checks abort on a
 * failure; otherwise it prints how many inputs it replayed. An argument
 * that names nothing, or no input at all, is an error (a missing corpus
 * must not pass silently).
 *
 *     fuzz_csv_replay fuzz/corpus/fuzz_csv [more files or directories]
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_helpers.h"

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fprintf(stderr, "%s: out of memory\n", path);
            fclose(f);
            return -1;
        }
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap)
            break;
        uint8_t *grown = realloc(buf, 2 * cap);
        if (!grown)
            free(buf);
        buf = grown;
        cap *= 2;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        fprintf(stderr, "%s: read error\n", path);
        free(buf);
        return -1;
    }
    /* an exact-size copy, so that an over-read is caught by ASan */
    uint8_t *input = malloc(len ? len : 1);
    if (!input) {
        free(buf);
        return -1;
    }
    memcpy(input, buf, len);
    free(buf);
    fprintf(stderr, "replaying %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput(input, len);
    free(input);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the number of inputs replayed, or -1. */
static long replay(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return replay_file(path) == 0 ? 1 : -1;
    DIR *dir = opendir(path);
    if (!dir) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char **grown = realloc(names, (n + 1) * sizeof *names);
        size_t plen = strlen(path) + strlen(e->d_name) + 2;
        char *full = malloc(plen);
        if (!grown || !full) {
            fprintf(stderr, "out of memory\n");
            exit(1);
        }
        names = grown;
        snprintf(full, plen, "%s/%s", path, e->d_name);
        names[n++] = full;
    }
    closedir(dir);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    long count = 0;
    for (size_t i = 0; i < n; i++) {
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            if (replay_file(names[i]) != 0)
                count = -1;
            else if (count >= 0)
                count++;
        }
        free(names[i]);
    }
    free(names);
    return count;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE-OR-DIRECTORY...\n", argv[0]);
        return 2;
    }
    LLVMFuzzerInitialize(&argc, &argv);
    long total = 0;
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        long n = replay(argv[i]);
        if (n < 0)
            failed = 1;
        else
            total += n;
    }
    printf("%s: replayed %ld inputs\n", argv[0], total);
    if (total == 0) {
        fprintf(stderr, "%s: no inputs found\n", argv[0]);
        return 1;
    }
    return failed;
}
