/*
 * test_gradcheck.c - back-propagation proven against finite differences.
 *
 * For small networks covering every activation (in a hidden layer and as
 * the output), every loss, the dense layer and dropout, the library's
 * analytic gradient (float) is compared with central differences of an
 * independent double-precision re-implementation of the forward pass and
 * the loss. The same reference also checks the library's loss value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define ROWS 5

typedef struct gc_case {
    nn_activation hidden, output;
    nn_loss loss;
    int dropout;
} gc_case;

/* ------------------------------------------------------------------------ */
/* the double-precision reference                                            */

static void ref_activate(nn_activation act, double *z, size_t rows,
                         size_t cols)
{
    for (size_t r = 0; r < rows; r++) {
        double *v = z + r * cols;
        if (act == NN_ACT_SOFTMAX) {
            double max = v[0], sum = 0;
            for (size_t c = 1; c < cols; c++)
                max = fmax(max, v[c]);
            for (size_t c = 0; c < cols; c++)
                sum += exp(v[c] - max);
            for (size_t c = 0; c < cols; c++)
                v[c] = exp(v[c] - max) / sum;
            continue;
        }
        for (size_t c = 0; c < cols; c++) {
            double x = v[c];
            switch (act) {
            case NN_ACT_LINEAR: break;
            case NN_ACT_RELU: x = x > 0 ? x : 0; break;
            case NN_ACT_SIGMOID: x = 1 / (1 + exp(-x)); break;
            case NN_ACT_TANH: x = tanh(x); break;
            case NN_ACT_LEAKY_RELU: x = x > 0 ? x : 0.3 * x; break;
            case NN_ACT_ELU: x = x > 0 ? x : exp(x) - 1; break;
            case NN_ACT_GELU: x = 0.5 * x * (1 + erf(x / sqrt(2.0))); break;
            case NN_ACT_SOFTPLUS: x = log1p(exp(x)); break;
            case NN_ACT_SIN: x = sin(x); break;
            case NN_ACT_GAUSSIAN: x = exp(-x * x); break;
            default: fail_msg("activation %d", (int)act);
            }
            v[c] = x;
        }
    }
}

/* Mean loss of the network with parameters w (double) on x, y. */
static double ref_loss(const nn_model *m, const double *w, const float *x,
                       const float *y, const float *mask)
{
    double cur[ROWS * 16], next[ROWS * 16];
    size_t width = m->input_dim;
    for (size_t i = 0; i < ROWS * width; i++)
        cur[i] = x[i];
    for (size_t li = 0; li < m->n_layers; li++) {
        const nn__layer *l = &m->layers[li];
        if (l->kind == NN_LAYER_DROPOUT) {
            for (size_t i = 0; i < ROWS * width; i++)
                cur[i] *= mask[i];
            continue;
        }
        for (size_t r = 0; r < ROWS; r++)
            for (size_t u = 0; u < l->units; u++) {
                double s = w[l->bias_off + u];
                for (size_t i = 0; i < l->in; i++)
                    s += cur[r * l->in + i] * w[l->kernel_off + i * l->units + u];
                next[r * l->units + u] = s;
            }
        ref_activate(l->act, next, ROWS, l->units);
        width = l->units;
        memcpy(cur, next, ROWS * width * sizeof *cur);
    }
    double sum = 0;
    size_t k = width;
    for (size_t r = 0; r < ROWS; r++)
        for (size_t c = 0; c < k; c++) {
            double a = cur[r * k + c];
            switch (m->loss) {
            case NN_LOSS_MSE: sum += pow(a - y[r * k + c], 2) / k; break;
            case NN_LOSS_MAE: sum += fabs(a - y[r * k + c]) / k; break;
            case NN_LOSS_BINARY_CROSSENTROPY:
                sum -= (y[r * k + c] * log(a) + (1 - y[r * k + c]) * log(1 - a)) / k;
                break;
            case NN_LOSS_CATEGORICAL_CROSSENTROPY:
                sum -= y[r * k + c] * log(a);
                break;
            case NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY:
                if ((size_t)y[r] == c)
                    sum -= log(a);
                break;
            }
        }
    return sum / ROWS;
}

/* ------------------------------------------------------------------------ */

static void run_case(const gc_case *tc)
{
    const size_t in = 4, hidden = 6, out = 3;
    nn_model *m;
    assert_int_equal(nn_model_create(&m, in), NN_OK);
    assert_int_equal(nn_model_set_seed(m, 7 + (uint64_t)tc->hidden), NN_OK);
    assert_int_equal(nn_model_add_dense(m, hidden, tc->hidden), NN_OK);
    if (tc->dropout)
        assert_int_equal(nn_model_add_dropout(m, 0.4f), NN_OK);
    assert_int_equal(nn_model_add_dense(m, out, tc->output), NN_OK);
    assert_int_equal(nn_model_compile(m, NN_OPT_SGD, tc->loss, 0), NN_OK);

    /* inputs of order one; non-zero biases so activations see both signs */
    nn__rng rng;
    nn__rng_seed(&rng, 99);
    float x[ROWS * 4], y[ROWS * 3];
    for (size_t i = 0; i < ROWS * in; i++)
        x[i] = 2.0f * nn__rng_uniform(&rng) - 1.0f;
    for (size_t i = 0; i < m->n_params; i++)
        m->params[i] += 0.2f * (nn__rng_uniform(&rng) - 0.5f);
    for (size_t r = 0; r < ROWS; r++) {
        float total = 0;
        for (size_t c = 0; c < out; c++) {
            float u = nn__rng_uniform(&rng);
            y[r * out + c] = tc->loss == NN_LOSS_BINARY_CROSSENTROPY ? (u > 0.5f)
                                                                     : u;
            total += u;
        }
        if (tc->loss == NN_LOSS_CATEGORICAL_CROSSENTROPY)
            for (size_t c = 0; c < out; c++)
                y[r * out + c] /= total; /* soft labels summing to one */
        if (tc->loss == NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY)
            y[r] = (float)(r % out);
    }

    assert_int_equal(nn__workspace_reserve(m, "gradcheck", ROWS), NN_OK);
    double loss_sum;
    size_t hits;
    nn__train_batch(m, x, y, ROWS, &loss_sum, &hits);
    float mask[ROWS * 6];
    if (tc->dropout)
        memcpy(mask, m->ws.z[1], sizeof mask);

    double *w = malloc(m->n_params * sizeof *w);
    assert_non_null(w);
    for (size_t i = 0; i < m->n_params; i++)
        w[i] = m->params[i];
    double ref = ref_loss(m, w, x, y, mask);
    double lib = loss_sum / ROWS;
    if (fabs(lib - ref) > 1e-5 * fmax(1.0, fabs(ref)))
        fail_msg("%s/%s/%s: loss %.9g, reference %.9g", nn__act_name(tc->hidden),
                 nn__act_name(tc->output), nn__loss_name(tc->loss), lib, ref);

    double worst = 0;
    for (size_t i = 0; i < m->n_params; i++) {
        double h = 1e-6 * fmax(1.0, fabs(w[i]));
        double keep = w[i];
        w[i] = keep + h;
        double up = ref_loss(m, w, x, y, mask);
        w[i] = keep - h;
        double down = ref_loss(m, w, x, y, mask);
        w[i] = keep;
        double fd = (up - down) / (2 * h);
        double err = fabs(m->grads[i] - fd) / (1e-4 + fabs(fd));
        worst = fmax(worst, err);
        if (fabs(m->grads[i] - fd) > 1e-5 + 2e-3 * fabs(fd))
            fail_msg("%s/%s/%s%s: d loss / d param %zu = %.7g, finite "
                     "difference %.7g",
                     nn__act_name(tc->hidden), nn__act_name(tc->output),
                     nn__loss_name(tc->loss), tc->dropout ? "/dropout" : "", i,
                     (double)m->grads[i], fd);
    }
    print_message("  %-10s -> %-10s %-32s%s worst relative error %.2e\n",
                  nn__act_name(tc->hidden), nn__act_name(tc->output),
                  nn__loss_name(tc->loss), tc->dropout ? " dropout" : "",
                  worst);
    free(w);
    nn_model_destroy(m);
}

/* Every activation in the hidden layer, and as the output under MSE. */
static void test_every_activation(void **state)
{
    for (int a = 0; a < NN_ACT_COUNT; a++) {
        gc_case hidden = {(nn_activation)a, NN_ACT_LINEAR, NN_LOSS_MSE, 0};
        run_case(&hidden);
        gc_case output = {NN_ACT_TANH, (nn_activation)a, NN_LOSS_MSE, 0};
        run_case(&output);
    }
}

/* Every loss with the output activation it needs. */
static void test_every_loss(void **state)
{
    static const gc_case cases[] = {
        {NN_ACT_TANH, NN_ACT_LINEAR, NN_LOSS_MSE, 0},
        {NN_ACT_TANH, NN_ACT_LINEAR, NN_LOSS_MAE, 0},
        {NN_ACT_TANH, NN_ACT_SIGMOID, NN_LOSS_BINARY_CROSSENTROPY, 0},
        {NN_ACT_TANH, NN_ACT_SOFTMAX, NN_LOSS_CATEGORICAL_CROSSENTROPY, 0},
        {NN_ACT_TANH, NN_ACT_SOFTMAX, NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0},
        {NN_ACT_RELU, NN_ACT_SOFTMAX, NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
}

/* Dropout: the gradient flows through the sampled mask only. */
static void test_dropout(void **state)
{
    gc_case c = {NN_ACT_SIGMOID, NN_ACT_SOFTMAX,
                 NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 1};
    run_case(&c);
    gc_case d = {NN_ACT_GELU, NN_ACT_LINEAR, NN_LOSS_MSE, 1};
    run_case(&d);
}

/* Fused softmax cross-entropy stays finite and exact for huge logits. */
static void test_stable_for_huge_logits(void **state)
{
    float z[2 * 3] = {1e4f, -1e4f, 0.0f, -1e4f, -1e4f, 1e4f};
    float a[6], grad[6];
    float y[2] = {1.0f, 2.0f};
    nn__act_params p = {0.3f, 1.0f};
    memcpy(a, z, sizeof a);
    nn__act_forward(NN_ACT_SOFTMAX, &p, a, NULL, a, 2, 3);
    size_t hits;
    double loss = nn__loss_eval(NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, z, a,
                                y, 2, 3, 2, grad, &hits);
    /* row 0 puts everything on class 0 but the label is 1: loss 2e4;
     * row 1 is right: loss 0 */
    assert_true(isfinite(loss));
    assert_true(fabs(loss - 2e4) < 1e-3);
    assert_int_equal(hits, 1);
    for (int i = 0; i < 6; i++)
        assert_true(isfinite(grad[i]));
    assert_true(fabsf(grad[0] - 0.5f) < 1e-6f && fabsf(grad[1] + 0.5f) < 1e-6f);
    float yb[3] = {1, 0, 1};
    float zb[3] = {1e4f, 1e4f, -1e4f}, ab[3];
    nn__act_forward(NN_ACT_SIGMOID, &p, zb, NULL, ab, 1, 3);
    double bce = nn__loss_eval(NN_LOSS_BINARY_CROSSENTROPY, zb, ab, yb, 1, 3,
                               1, grad, &hits);
    assert_true(fabs(bce - 2e4 / 3) < 1e-2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_activation),
        cmocka_unit_test(test_every_loss),
        cmocka_unit_test(test_dropout),
        cmocka_unit_test(test_stable_for_huge_logits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
