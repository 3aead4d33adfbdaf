/*
 * error.c - status strings and the thread-local message of the last
 * failure (nn_last_error).
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Long enough for a message naming a function, an argument and a path. */
#define NN__ERROR_CAPACITY 1024

static _Thread_local char nn__last_error[NN__ERROR_CAPACITY];

nn_status nn__fail(nn_status status, const char *fmt, ...)
{
    /* Format into a scratch buffer first: callers may pass the previous
     * message (nn_last_error()) as an argument to wrap it. */
    char message[NN__ERROR_CAPACITY];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    memcpy(nn__last_error, message, sizeof message);
    return status;
}

const char *nn_last_error(void)
{
    return nn__last_error;
}

const char *nn_status_string(nn_status status)
{
    switch (status) {
#define NN__STATUS_TEXT(name, value, text) \
    case name:                             \
        return text;
        NN_STATUS_MAP(NN__STATUS_TEXT)
#undef NN__STATUS_TEXT
    default:
        return "unknown status";
    }
}

const char *nn_status_name(nn_status status)
{
    switch (status) {
#define NN__STATUS_NAME(name, value, text) \
    case name:                             \
        return #name;
        NN_STATUS_MAP(NN__STATUS_NAME)
#undef NN__STATUS_NAME
    default:
        return "NN_UNKNOWN";
    }
}
