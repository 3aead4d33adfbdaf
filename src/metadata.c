/*
 * metadata.c - the model's key/value strings (training data, date, metrics,
 * input scaling, notes), kept in insertion order. A model has a handful of
 * entries, so a linear search is the simplest thing that is fast enough.
 */
#include <string.h>

#include "internal.h"

#define NN__META_KEY_MAX 255
#define NN__META_VALUE_MAX ((size_t)1 << 20)

static char *nn__strdup(const char *s)
{
    size_t len = strlen(s) + 1;
    char *copy = nn__malloc(len);
    if (copy)
        memcpy(copy, s, len);
    return copy;
}

static size_t nn__meta_find(const nn_model *m, const char *key)
{
    for (size_t i = 0; i < m->meta_count; i++)
        if (!strcmp(m->meta_keys[i], key))
            return i;
    return SIZE_MAX;
}

void nn__metadata_free(nn_model *m)
{
    for (size_t i = 0; i < m->meta_count; i++) {
        nn__free(m->meta_keys[i]);
        nn__free(m->meta_values[i]);
    }
    nn__free(m->meta_keys);
    nn__free(m->meta_values);
    m->meta_keys = m->meta_values = NULL;
    m->meta_count = m->meta_cap = 0;
}

nn_status nn_model_set_metadata(nn_model *m, const char *key,
                                const char *value)
{
    NN_TRY(nn__check_model(m, __func__));
    if (!key)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: key is NULL", __func__);
    size_t key_len = strlen(key);
    if (key_len == 0 || key_len > NN__META_KEY_MAX)
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: key length %zu is outside [1, %d]", __func__,
                        key_len, NN__META_KEY_MAX);
    if (value && strlen(value) > NN__META_VALUE_MAX)
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: the value of '%s' is longer than %zu bytes",
                        __func__, key, NN__META_VALUE_MAX);
    size_t at = nn__meta_find(m, key);
    if (!value) {
        if (at == SIZE_MAX)
            return NN_OK;
        nn__free(m->meta_keys[at]);
        nn__free(m->meta_values[at]);
        memmove(m->meta_keys + at, m->meta_keys + at + 1,
                (m->meta_count - at - 1) * sizeof *m->meta_keys);
        memmove(m->meta_values + at, m->meta_values + at + 1,
                (m->meta_count - at - 1) * sizeof *m->meta_values);
        m->meta_count--;
        return NN_OK;
    }
    char *copy = nn__strdup(value);
    if (!copy)
        return nn__fail(NN_ERR_NOMEM, "%s: out of memory", __func__);
    if (at != SIZE_MAX) {
        nn__free(m->meta_values[at]);
        m->meta_values[at] = copy;
        return NN_OK;
    }
    char *key_copy = nn__strdup(key);
    if (!key_copy) {
        nn__free(copy);
        return nn__fail(NN_ERR_NOMEM, "%s: out of memory", __func__);
    }
    if (m->meta_count == m->meta_cap) {
        size_t cap = m->meta_cap ? 2 * m->meta_cap : 8;
        char **keys = nn__realloc(m->meta_keys, cap * sizeof *keys);
        if (keys)
            m->meta_keys = keys;
        char **values = keys ? nn__realloc(m->meta_values, cap * sizeof *values)
                             : NULL;
        if (values)
            m->meta_values = values;
        if (!keys || !values) {
            nn__free(copy);
            nn__free(key_copy);
            return nn__fail(NN_ERR_NOMEM, "%s: out of memory", __func__);
        }
        m->meta_cap = cap;
    }
    m->meta_keys[m->meta_count] = key_copy;
    m->meta_values[m->meta_count] = copy;
    m->meta_count++;
    return NN_OK;
}

nn_status nn_model_get_metadata(const nn_model *m, const char *key,
                                const char **value)
{
    if (value)
        *value = NULL;
    NN_TRY(nn__check_model(m, __func__));
    if (!key || !value)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: %s is NULL", __func__,
                        !key ? "key" : "value");
    size_t at = nn__meta_find(m, key);
    if (at != SIZE_MAX)
        *value = m->meta_values[at];
    return NN_OK;
}

size_t nn_model_metadata_count(const nn_model *m)
{
    return m ? m->meta_count : 0;
}

nn_status nn_model_metadata_at(const nn_model *m, size_t index,
                               const char **key, const char **value)
{
    if (key)
        *key = NULL;
    if (value)
        *value = NULL;
    NN_TRY(nn__check_model(m, __func__));
    if (!key || !value)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: %s is NULL", __func__,
                        !key ? "key" : "value");
    if (index >= m->meta_count)
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: index %zu is out of range [0, %zu)", __func__,
                        index, m->meta_count);
    *key = m->meta_keys[index];
    *value = m->meta_values[index];
    return NN_OK;
}

nn_status nn__metadata_copy(nn_model *dst, const nn_model *src,
                            const char *fn)
{
    for (size_t i = 0; i < src->meta_count; i++)
        if (nn_model_set_metadata(dst, src->meta_keys[i],
                                  src->meta_values[i]) != NN_OK)
            return nn__fail(NN_ERR_NOMEM, "%s: out of memory", fn);
    return NN_OK;
}
