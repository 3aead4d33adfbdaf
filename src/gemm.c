/*
 * gemm.c - the seam between the library and BLAS. Every matrix product goes
 * through nn__sgemm, so there is one place that knows CBLAS' int limits and
 * one place tests compare against a plain reference.
 */
#include <cblas.h>
#include <limits.h>

#include "internal.h"

/* Largest dimension handed to CBLAS in one call. */
#define NN__BLAS_MAX ((size_t)INT_MAX)

static void nn__sgemm_blas(int trans_a, int trans_b, size_t m, size_t n,
                           size_t k, float alpha, const float *a, size_t lda,
                           const float *b, size_t ldb, float beta, float *c,
                           size_t ldc)
{
    /* A single row times a matrix is a matrix-vector product:
     * c = alpha op(B)^T a + beta c. sgemv has less set-up cost, which
     * matters for batch-1 inference. */
    if (m == 1 && !trans_a) {
        /* Some OpenBLAS versions compute y = 0 * y, which keeps a NaN left
         * in uninitialised scratch; start from real zeros instead. */
        if (beta == 0.0f)
            for (size_t j = 0; j < n; j++)
                c[j] = 0.0f;
        cblas_sgemv(CblasRowMajor, trans_b ? CblasNoTrans : CblasTrans,
                    trans_b ? (int)n : (int)k, trans_b ? (int)k : (int)n,
                    alpha, b, (int)ldb, a, 1, beta, c, 1);
        return;
    }
    cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
                trans_b ? CblasTrans : CblasNoTrans, (int)m, (int)n, (int)k,
                alpha, a, (int)lda, b, (int)ldb, beta, c, (int)ldc);
}

/* Row-major: op(A) is m x k, op(B) is k x n, C is m x n. */
void nn__sgemm(int trans_a, int trans_b, size_t m, size_t n, size_t k,
               float alpha, const float *a, size_t lda, const float *b,
               size_t ldb, float beta, float *c, size_t ldc)
{
    if (m == 0 || n == 0)
        return;
    /* Leading dimensions are bounded by layer widths, which the model keeps
     * within int; the row count m and the reduction length k come from the
     * batch and may not be, so those are split. */
    if (m > NN__BLAS_MAX) {
        size_t done = 0;
        while (done < m) {
            size_t rows = m - done < NN__BLAS_MAX ? m - done : NN__BLAS_MAX;
            const float *a_part = trans_a ? a + done : a + done * lda;
            nn__sgemm(trans_a, trans_b, rows, n, k, alpha, a_part, lda, b, ldb,
                      beta, c + done * ldc, ldc);
            done += rows;
        }
        return;
    }
    if (k > NN__BLAS_MAX) {
        size_t done = 0;
        while (done < k) {
            size_t len = k - done < NN__BLAS_MAX ? k - done : NN__BLAS_MAX;
            const float *a_part = trans_a ? a + done * lda : a + done;
            const float *b_part = trans_b ? b + done : b + done * ldb;
            nn__sgemm(trans_a, trans_b, m, n, len, alpha, a_part, lda, b_part,
                      ldb, done == 0 ? beta : 1.0f, c, ldc);
            done += len;
        }
        return;
    }
    if (k == 0) {
        /* BLAS leaves C scaled by beta; do the same without it. */
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++)
                c[i * ldc + j] = beta == 0.0f ? 0.0f : beta * c[i * ldc + j];
        return;
    }
    nn__sgemm_blas(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c,
                   ldc);
}

void nn__sgemm_reference(int trans_a, int trans_b, size_t m, size_t n,
                         size_t k, float alpha, const float *a, size_t lda,
                         const float *b, size_t ldb, float beta, float *c,
                         size_t ldc)
{
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < n; j++) {
            double sum = 0.0;
            for (size_t p = 0; p < k; p++) {
                double av = trans_a ? a[p * lda + i] : a[i * lda + p];
                double bv = trans_b ? b[j * ldb + p] : b[p * ldb + j];
                sum += av * bv;
            }
            double prior = beta == 0.0f ? 0.0 : (double)beta * c[i * ldc + j];
            c[i * ldc + j] = (float)((double)alpha * sum + prior);
        }
    }
}
