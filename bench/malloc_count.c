/*
 * malloc_count.c - counts calls to the C allocator.
 *
 * Compiled into bench_libnn and bench_fann, whose own definitions of
 * malloc & co. interpose on libc's for the whole process (the executable
 * comes first in symbol lookup), and built as libbench_malloc_count.so for
 * LD_PRELOAD into the PyTorch contender. Each function counts and forwards
 * to the next definition found with dlsym(RTLD_NEXT). dlsym may itself
 * allocate while we resolve, so the first few bytes come from a static
 * arena that free() recognises and ignores.
 *
 * Counted: malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign
 * (PyTorch allocates tensors with posix_memalign). free is not counted.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "malloc_count.h"

typedef void *(*malloc_fn)(size_t);
typedef void *(*calloc_fn)(size_t, size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef void (*free_fn)(void *);
typedef int (*posix_memalign_fn)(void **, size_t, size_t);
typedef void *(*aligned_alloc_fn)(size_t, size_t);

static malloc_fn real_malloc;
static calloc_fn real_calloc;
static realloc_fn real_realloc;
static free_fn real_free;
static posix_memalign_fn real_posix_memalign;
static aligned_alloc_fn real_aligned_alloc;
static aligned_alloc_fn real_memalign;

static atomic_long alloc_calls;
static int resolving;

static _Alignas(64) unsigned char boot_arena[16384];
static size_t boot_used;

static void *boot_alloc(size_t n)
{
    n = (n + 63) & ~(size_t)63;
    if (n > sizeof boot_arena - boot_used)
        return NULL;
    void *p = boot_arena + boot_used;
    boot_used += n;
    return p; /* static storage: already zero */
}

static int in_boot(const void *p)
{
    const unsigned char *c = p;
    return c >= boot_arena && c < boot_arena + sizeof boot_arena;
}

/* dlsym returns an object pointer; copy it into the function pointer
 * without the cast ISO C forbids. */
#define RESOLVE(var, name)                                                    \
    do {                                                                      \
        void *sym_ = dlsym(RTLD_NEXT, name);                                  \
        memcpy(&(var), &sym_, sizeof(var));                                   \
    } while (0)

static void resolve(void)
{
    if (real_free)
        return;
    resolving = 1;
    RESOLVE(real_malloc, "malloc");
    RESOLVE(real_calloc, "calloc");
    RESOLVE(real_realloc, "realloc");
    RESOLVE(real_posix_memalign, "posix_memalign");
    RESOLVE(real_aligned_alloc, "aligned_alloc");
    RESOLVE(real_memalign, "memalign");
    RESOLVE(real_free, "free");
    resolving = 0;
}

__attribute__((constructor)) static void malloc_count_init(void)
{
    resolve();
}

long bench_alloc_count(void)
{
    return atomic_load_explicit(&alloc_calls, memory_order_relaxed);
}

static void count(void)
{
    atomic_fetch_add_explicit(&alloc_calls, 1, memory_order_relaxed);
}

void *malloc(size_t n)
{
    if (!real_free) {
        if (resolving)
            return boot_alloc(n);
        resolve();
    }
    count();
    return real_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    if (!real_free) {
        if (resolving)
            return size && n > SIZE_MAX / size ? NULL : boot_alloc(n * size);
        resolve();
    }
    count();
    return real_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    if (!real_free) {
        if (resolving)
            return NULL;
        resolve();
    }
    count();
    if (p && in_boot(p)) {
        void *q = real_malloc(n);
        size_t avail = (size_t)(boot_arena + sizeof boot_arena -
                                (unsigned char *)p);
        if (q)
            memcpy(q, p, n < avail ? n : avail);
        return q;
    }
    return real_realloc(p, n);
}

void free(void *p)
{
    if (!p || in_boot(p))
        return;
    if (!real_free)
        resolve();
    real_free(p);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    if (!real_free)
        resolve();
    count();
    return real_posix_memalign(out, align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
    if (!real_free)
        resolve();
    count();
    return real_aligned_alloc(align, n);
}

void *memalign(size_t align, size_t n)
{
    if (!real_free)
        resolve();
    count();
    return real_memalign(align, n);
}
