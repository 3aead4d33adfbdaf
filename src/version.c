/* version.c - the library's version, for checking header == library. */
#include "internal.h"

const char *nn_version_string(void)
{
    return NN_VERSION_STRING;
}

int nn_version_number(void)
{
    return NN_VERSION_NUMBER;
}
