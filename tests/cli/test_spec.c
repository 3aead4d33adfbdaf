/*
 * test_spec.c - unit tests of the `nn` tool's pure parsers: layer
 * specifications (cli/spec.c) and the input-scaling text kept in model
 * metadata (cli/scaling.c).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scaling.h"
#include "spec.h"

enum { CAP = 16 };

typedef struct parsed {
    int rc;
    size_t count;
    nn_cli_layer layers[CAP];
    char err[512];
} parsed;

static parsed parse(const char *spec)
{
    parsed p;
    memset(&p, 0xAB, sizeof p); /* no field may be left unset */
    p.rc = nn_cli_parse_layers(spec, p.layers, CAP, &p.count, p.err,
                               sizeof p.err);
    return p;
}

/* Asserts a rejection whose message contains every given fragment. */
static void expect_error(const char *spec, ...)
{
    parsed p = parse(spec);
    if (p.rc != -1 || p.count != 0)
        fail_msg("'%s' was accepted (rc %d, %zu layers)", spec, p.rc,
                 p.count);
    va_list ap;
    va_start(ap, spec);
    for (const char *want; (want = va_arg(ap, const char *)) != NULL;)
        if (!strstr(p.err, want))
            fail_msg("'%s': message \"%s\" lacks \"%s\"", spec, p.err, want);
    va_end(ap);
}

static void dense_is(const nn_cli_layer *l, size_t units, nn_activation act)
{
    assert_int_equal(l->kind, NN_LAYER_DENSE);
    assert_int_equal(l->units, units);
    assert_int_equal(l->act, act);
}

static void origin_story_spec(void **state)
{
    (void)state;
    parsed p = parse("10:relu,10:relu,10:softmax");
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.count, 3);
    dense_is(&p.layers[0], 10, NN_ACT_RELU);
    dense_is(&p.layers[1], 10, NN_ACT_RELU);
    dense_is(&p.layers[2], 10, NN_ACT_SOFTMAX);
    assert_string_equal(p.err, "");
}

static void every_activation_by_name(void **state)
{
    (void)state;
    static const char *const names[NN_ACT_COUNT] = {
        "linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu",
        "elu", "gelu", "softplus", "sin", "gaussian"};
    for (int a = 0; a < NN_ACT_COUNT; a++) {
        char spec[64];
        snprintf(spec, sizeof spec, "7:%s", names[a]);
        parsed p = parse(spec);
        assert_int_equal(p.rc, 0);
        dense_is(&p.layers[0], 7, (nn_activation)a);
    }
}

static void dropout_blanks_and_defaults(void **state)
{
    (void)state;
    parsed p = parse(" 64 : tanh , dropout:0.25,dropout : .5,dropout:0, 3 ");
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.count, 5);
    dense_is(&p.layers[0], 64, NN_ACT_TANH);
    assert_int_equal(p.layers[1].kind, NN_LAYER_DROPOUT);
    assert_true(p.layers[1].rate == 0.25f);
    assert_true(p.layers[2].rate == 0.5f);
    assert_true(p.layers[3].rate == 0.0f);
    /* Units alone: a linear layer, like Keras' Dense(3). */
    dense_is(&p.layers[4], 3, NN_ACT_LINEAR);
}

static void unit_limits(void **state)
{
    (void)state;
    char spec[64];
    snprintf(spec, sizeof spec, "%d:relu", INT_MAX);
    parsed p = parse(spec);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.layers[0].units, (size_t)INT_MAX);

    snprintf(spec, sizeof spec, "%lld:relu", (long long)INT_MAX + 1);
    expect_error(spec, "layer 1", "between 1 and", NULL);
    expect_error("0:relu", "layer 1 ('0:relu')", "between 1 and", NULL);
    expect_error("99999999999999999999999:relu", "between 1 and", NULL);
}

static void bad_specs_name_item_and_reason(void **state)
{
    (void)state;
    expect_error("10:relu,10:rleu", "layer 2 ('10:rleu')",
                 "unknown activation 'rleu'", "expected one of linear",
                 NULL);
    expect_error("10:RELU", "unknown activation 'RELU'", NULL);
    expect_error("", "empty layer specification", NULL);
    expect_error("   ", "empty layer specification", NULL);
    expect_error("10:relu,,10:softmax", "layer 2", "empty item", NULL);
    expect_error("10:relu,", "layer 2", "empty item", NULL);
    expect_error(",10:relu", "layer 1", "empty item", NULL);
    expect_error("relu:10", "layer 1 ('relu:10')", "'relu'",
                 "not a number of units", NULL);
    expect_error("-5:relu", "'-5'", "not a number of units", NULL);
    expect_error("+5:relu", "not a number of units", NULL);
    expect_error("1 0:relu", "'1 0'", "not a number of units", NULL);
    expect_error("0x10:relu", "not a number of units", NULL);
    expect_error("10:", "missing activation", NULL);
    expect_error("10:relu:5", "too many ':'", NULL);
    expect_error("dropout", "layer 1", "needs a rate", NULL);
    expect_error("dropout:", "needs a rate", NULL);
    expect_error("dropout:1", "outside [0, 1)", NULL);
    expect_error("dropout:1.0", "outside [0, 1)", NULL);
    expect_error("dropout:0.99999999999", "outside [0, 1)", NULL);
    expect_error("dropout:-0.1", "'-0.1'", "not a number", NULL);
    expect_error("dropout:abc", "not a number", NULL);
    expect_error("dropout:0.5x", "not a number", NULL);
    expect_error("dropout:.", "not a number", NULL);
    expect_error("dropout:1e-1", "not a number", NULL);
    expect_error("dropout:0.2:3", "too many ':'", NULL);
    expect_error(NULL, "no layer specification", NULL);
}

static void long_items_are_cut_in_messages(void **state)
{
    (void)state;
    char spec[300];
    memset(spec, 'x', sizeof spec - 1);
    spec[sizeof spec - 1] = '\0';
    parsed p = parse(spec);
    assert_int_equal(p.rc, -1);
    assert_non_null(strstr(p.err, "...'"));
    assert_true(strlen(p.err) < 200);
}

static void capacity_and_tiny_buffers(void **state)
{
    (void)state;
    nn_cli_layer layers[2];
    size_t count = 99;
    char err[64];
    assert_int_equal(nn_cli_parse_layers("1,2", layers, 2, &count, err,
                                         sizeof err),
                     0);
    assert_int_equal(count, 2);
    assert_int_equal(nn_cli_parse_layers("1,2,3", layers, 2, &count, err,
                                         sizeof err),
                     -1);
    assert_int_equal(count, 0);
    assert_non_null(strstr(err, "too many layers (at most 2)"));

    /* Messages are cut to the buffer, always terminated; no buffer at all
     * is allowed too. */
    char small[8];
    memset(small, 'z', sizeof small);
    assert_int_equal(nn_cli_parse_layers("10:nope", layers, 2, &count, small,
                                         sizeof small),
                     -1);
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_int_equal(nn_cli_parse_layers("10:nope", layers, 2, &count, NULL,
                                         0),
                     -1);
    assert_int_equal(nn_cli_parse_layers("10:relu", NULL, 0, &count, NULL,
                                         0),
                     -1);
}

/* Every prefix of valid and invalid specs: no crash, a message whenever it
 * fails (a poor man's fuzzing of the boundaries). */
static void every_prefix(void **state)
{
    (void)state;
    static const char *const specs[] = {
        "128:relu, dropout:0.25 ,64:gelu,10:softmax",
        "dropout:0.5,1:sin,2:gaussian,3:leaky_relu,4:elu,5:softplus",
        ":,::,,:dropout:,.:", "2147483647:linear,2147483648"};
    for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++) {
        char buf[128];
        size_t len = strlen(specs[s]);
        for (size_t n = 0; n <= len; n++) {
            memcpy(buf, specs[s], n);
            buf[n] = '\0';
            parsed p = parse(buf);
            assert_true(p.rc == 0 || p.rc == -1);
            if (p.rc == 0)
                assert_true(p.count >= 1 && p.count <= CAP);
            else
                assert_true(p.err[0] != '\0');
        }
    }
}

static void scaling_round_trips_bit_for_bit(void **state)
{
    (void)state;
    float mins[4] = {0.0f, -1.5f, 1e-30f, 3.14159274f};
    float maxs[4] = {255.0f, 3.25f, 1e30f, 3.14159274f};
    nn_cli_scaling s = {NN_CLI_SCALE_MINMAX, 0, 4, mins, maxs};
    char *text = nn_cli_scaling_format(&s);
    assert_non_null(text);
    assert_string_equal(text, "minmax:0/255,-1.5/3.25,1e-30/"
                              "1.00000002e+30,3.14159274/3.14159274");
    nn_cli_scaling back;
    char err[128];
    assert_int_equal(nn_cli_scaling_parse(text, &back, err, sizeof err), 0);
    assert_int_equal(back.kind, NN_CLI_SCALE_MINMAX);
    assert_int_equal(back.cols, 4);
    assert_memory_equal(back.mins, mins, sizeof mins);
    assert_memory_equal(back.maxs, maxs, sizeof maxs);
    nn_cli_scaling_free(&back);
    free(text);

    nn_cli_scaling d = {NN_CLI_SCALE_DIVIDE, 255.0f, 0, NULL, NULL};
    text = nn_cli_scaling_format(&d);
    assert_string_equal(text, "divide:255");
    assert_int_equal(nn_cli_scaling_parse(text, &back, err, sizeof err), 0);
    assert_int_equal(back.kind, NN_CLI_SCALE_DIVIDE);
    assert_true(back.divisor == 255.0f);
    free(text);

    nn_cli_scaling none = {NN_CLI_SCALE_NONE, 0, 0, NULL, NULL};
    text = nn_cli_scaling_format(&none);
    assert_string_equal(text, "none");
    assert_int_equal(nn_cli_scaling_parse(text, &back, err, sizeof err), 0);
    assert_int_equal(back.kind, NN_CLI_SCALE_NONE);
    free(text);
}

static void bad_scaling_text_is_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "minmax", "minmax:", "minmax:1", "minmax:1/", "minmax:1/2,",
        "minmax:2/1", "minmax:1/2,3", "minmax:1/2;3/4", "minmax:nan/1",
        "minmax:0/inf", "divide:", "divide:0", "divide:-2", "divide:2x",
        "scale:2", "None"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nn_cli_scaling s;
        char err[128] = "";
        if (nn_cli_scaling_parse(bad[i], &s, err, sizeof err) != -1)
            fail_msg("'%s' was accepted", bad[i]);
        assert_non_null(strstr(err, "input_scaling"));
        assert_null(s.mins);
        assert_int_equal(s.kind, NN_CLI_SCALE_NONE);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(origin_story_spec),
        cmocka_unit_test(every_activation_by_name),
        cmocka_unit_test(dropout_blanks_and_defaults),
        cmocka_unit_test(unit_limits),
        cmocka_unit_test(bad_specs_name_item_and_reason),
        cmocka_unit_test(long_items_are_cut_in_messages),
        cmocka_unit_test(capacity_and_tiny_buffers),
        cmocka_unit_test(every_prefix),
        cmocka_unit_test(scaling_round_trips_bit_for_bit),
        cmocka_unit_test(bad_scaling_text_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
