/*
 * model_io.c - loading models with their format version and compile
 * settings (see model_io.h).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "common.h"
#include "model_io.h"

static const unsigned char model_magic[8] = {0x89, 'N', 'N', 'M',
                                             'O',  'D', 'L', '\n'};

static uint64_t read_le(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* The format version is the u32 after the magic (docs/FORMAT.md): the
 * library has accepted the file already, this only reports it. */
static void peek_file(const char *path, nn_cli_model *cm)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0)
        cm->file_size = (long long)sb.st_size;
    unsigned char head[12];
    if (fread(head, 1, sizeof head, f) == sizeof head &&
        memcmp(head, model_magic, sizeof model_magic) == 0)
        cm->format_version = (uint32_t)read_le(head + 8, 4);
    fclose(f);
}

int nn_cli_model_load(const char *path, nn_cli_model *out)
{
    memset(out, 0, sizeof *out);
    out->file_size = -1;
    if (nn_model_load(&out->m, path) != NN_OK)
        return nn_cli_fail_nn();
    peek_file(path, out);
    out->compiled =
        nn_model_get_compile(out->m, &out->optimizer, &out->loss) == NN_OK;
    return 0;
}

void nn_cli_model_close(nn_cli_model *cm)
{
    nn_model_destroy(cm->m);
    memset(cm, 0, sizeof *cm);
}

const char *nn_cli_model_meta(const nn_model *m, const char *key)
{
    const char *value = NULL;
    if (nn_model_get_metadata(m, key, &value) != NN_OK)
        return NULL;
    return value;
}
