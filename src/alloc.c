/*
 * alloc.c - the one allocator wrapper. Every allocation of the library
 * passes here so the test build can fail the N-th one (SQLite's approach to
 * out-of-memory testing) and prove that each failure is clean.
 */
#include <stdlib.h>

#include "internal.h"

#ifdef NN_FAULT_INJECTION
#include <stdatomic.h>

/* Allocations still allowed; negative means unlimited. */
static atomic_long nn__alloc_budget = -1;
static atomic_long nn__alloc_attempts = 0;

long nn__alloc_fail_after(long n)
{
    long attempts = atomic_exchange(&nn__alloc_attempts, 0);
    atomic_store(&nn__alloc_budget, n);
    return attempts;
}

/* Returns 1 when this allocation must fail. */
static int nn__alloc_should_fail(void)
{
    atomic_fetch_add(&nn__alloc_attempts, 1);
    long budget = atomic_load(&nn__alloc_budget);
    while (budget >= 0) {
        if (budget == 0)
            return 1;
        if (atomic_compare_exchange_weak(&nn__alloc_budget, &budget,
                                         budget - 1))
            return 0;
    }
    return 0;
}
#else
static int nn__alloc_should_fail(void)
{
    return 0;
}
#endif

void *nn__malloc(size_t size)
{
    if (nn__alloc_should_fail())
        return NULL;
    /* malloc(0) may return NULL; callers treat NULL as failure. */
    return malloc(size ? size : 1);
}

void *nn__calloc(size_t count, size_t size)
{
    if (nn__alloc_should_fail())
        return NULL;
    if (count == 0 || size == 0)
        count = size = 1;
    return calloc(count, size);
}

void *nn__realloc(void *p, size_t size)
{
    if (nn__alloc_should_fail())
        return NULL;
    return realloc(p, size ? size : 1);
}

void *nn__malloc_array(size_t count, size_t size)
{
    size_t bytes;
    if (nn__mul_overflows(count, size, &bytes))
        return NULL;
    return nn__malloc(bytes);
}

void nn__free(void *p)
{
    free(p);
}

void nn_free(void *p)
{
    nn__free(p);
}
