/*
 * test_gemm.c - the GEMM seam against a plain double-precision loop, for
 * every transpose combination, the single-row (sgemv) path, beta != 0 and
 * strided leading dimensions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "internal.h"

static float *random_matrix(nn__rng *rng, size_t count)
{
    float *p = malloc(count * sizeof *p);
    assert_non_null(p);
    for (size_t i = 0; i < count; i++)
        p[i] = 2.0f * nn__rng_uniform(rng) - 1.0f;
    return p;
}

static void check_case(size_t m, size_t n, size_t k, int ta, int tb,
                       float beta, size_t pad)
{
    nn__rng rng;
    nn__rng_seed(&rng, m * 1000003 + n * 1009 + k * 7 + (size_t)ta * 2 + (size_t)tb);
    size_t a_rows = ta ? k : m, a_cols = ta ? m : k;
    size_t b_rows = tb ? n : k, b_cols = tb ? k : n;
    size_t lda = a_cols + pad, ldb = b_cols + pad, ldc = n + pad;
    float *a = random_matrix(&rng, a_rows * lda);
    float *b = random_matrix(&rng, b_rows * ldb);
    float *c = random_matrix(&rng, m * ldc);
    float *ref = malloc(m * ldc * sizeof *ref);
    assert_non_null(ref);
    for (size_t i = 0; i < m * ldc; i++)
        ref[i] = c[i];
    nn__sgemm(ta, tb, m, n, k, 0.75f, a, lda, b, ldb, beta, c, ldc);
    nn__sgemm_reference(ta, tb, m, n, k, 0.75f, a, lda, b, ldb, beta, ref,
                        ldc);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            float got = c[i * ldc + j], want = ref[i * ldc + j];
            if (fabsf(got - want) > 1e-4f * (float)k + 1e-5f)
                fail_msg("m=%zu n=%zu k=%zu ta=%d tb=%d beta=%g: c[%zu][%zu] "
                         "= %g, reference %g",
                         m, n, k, ta, tb, (double)beta, i, j, (double)got,
                         (double)want);
        }
    /* padding columns of C are never written */
    for (size_t i = 0; i < m; i++)
        for (size_t j = n; j < ldc; j++)
            assert_true(c[i * ldc + j] == ref[i * ldc + j]);
    free(a);
    free(b);
    free(c);
    free(ref);
}

static void test_all_transposes(void **state)
{
    static const size_t shapes[][3] = {
        {1, 1, 1}, {1, 10, 784}, {1, 784, 10}, {32, 10, 784},
        {784, 10, 32}, {32, 784, 10}, {7, 5, 3}, {65, 33, 17}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int ta = 0; ta < 2; ta++)
            for (int tb = 0; tb < 2; tb++) {
                check_case(shapes[s][0], shapes[s][1], shapes[s][2], ta, tb,
                           0.0f, 0);
                check_case(shapes[s][0], shapes[s][1], shapes[s][2], ta, tb,
                           0.5f, 3);
            }
}

/* beta == 0 must ignore whatever C held, NaN included (BLAS semantics). */
static void test_beta_zero_ignores_nan(void **state)
{
    float a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {1, 0, 0, 1, 1, 1};
    float c[4] = {NAN, NAN, NAN, NAN};
    nn__sgemm(0, 0, 2, 2, 3, 1.0f, a, 3, b, 2, 0.0f, c, 2);
    assert_true(c[0] == 4 && c[1] == 5 && c[2] == 10 && c[3] == 11);
    float row[2] = {NAN, NAN};
    nn__sgemm(0, 0, 1, 2, 3, 1.0f, a, 3, b, 2, 0.0f, row, 2);
    assert_true(row[0] == 4 && row[1] == 5);
}

/* k == 0: C <- beta C, as BLAS defines it. */
static void test_empty_reduction(void **state)
{
    float c[2] = {2, 4};
    nn__sgemm(0, 0, 1, 2, 0, 1.0f, NULL, 1, NULL, 2, 0.5f, c, 2);
    assert_true(c[0] == 1 && c[1] == 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_transposes),
        cmocka_unit_test(test_beta_zero_ignores_nan),
        cmocka_unit_test(test_empty_reduction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
