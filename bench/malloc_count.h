/*
 * malloc_count.h - the counter kept by malloc_count.c.
 */
#ifndef BENCH_MALLOC_COUNT_H
#define BENCH_MALLOC_COUNT_H

/* Calls to malloc, calloc, realloc, posix_memalign, aligned_alloc and
 * memalign so far in this process (all threads). */
long bench_alloc_count(void);

#endif
