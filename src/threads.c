/*
 * threads.c - the process-wide thread count of OpenBLAS' pool.
 */
#include <cblas.h>
#include <pthread.h>

#include "internal.h"

static pthread_once_t nn__threads_once = PTHREAD_ONCE_INIT;
static int nn__threads_default = 1;

/* OpenBLAS offers no "reset to default", so remember what it chose at
 * start-up (OPENBLAS_NUM_THREADS or the core count) before the first
 * change. */
static void nn__threads_remember_default(void)
{
    nn__threads_default = openblas_get_num_threads();
    if (nn__threads_default < 1)
        nn__threads_default = 1;
}

void nn_set_num_threads(int n)
{
    pthread_once(&nn__threads_once, nn__threads_remember_default);
    openblas_set_num_threads(n > 0 ? n : nn__threads_default);
}

int nn_get_num_threads(void)
{
    return openblas_get_num_threads();
}
