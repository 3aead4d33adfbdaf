/*
 * header-c.c - nn.h compiles cleanly as C99 and C11 with -Wall -Wextra
 * -Wpedantic -Werror, is self-contained (included first) and idempotent
 * (included twice), and the header matches the library it is linked with.
 * Built twice by tests/abi/meson.build: header-c99 and header-c11.
 */
#include "nn.h"
#include "nn.h"

#include <stdio.h>
#include <string.h>

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(NN_VERSION_NUMBER == 10000 * NN_VERSION_MAJOR +
                   100 * NN_VERSION_MINOR + NN_VERSION_PATCH,
               "NN_VERSION_NUMBER is MAJOR*10000 + MINOR*100 + PATCH");
_Static_assert(NN_OK == 0, "NN_OK is 0");
#endif

int main(void)
{
    nn_fit_options opts;
    const char *v = nn_version_string();

    if (nn_version_number() != NN_VERSION_NUMBER) {
        fprintf(stderr, "header %d, library %d\n", NN_VERSION_NUMBER,
                nn_version_number());
        return 1;
    }
    if (v == NULL || strcmp(v, NN_VERSION_STRING) != 0) {
        fprintf(stderr, "header \"%s\", library \"%s\"\n", NN_VERSION_STRING,
                v ? v : "(null)");
        return 1;
    }
    if (strcmp(nn_status_name(NN_ERR_NOMEM), "NN_ERR_NOMEM") != 0)
        return 1;
    if (nn_fit_options_init(&opts) != NN_OK ||
        opts.struct_size != sizeof opts)
        return 1;
    printf("libnn %s (%d)\n", v, nn_version_number());
    return 0;
}
