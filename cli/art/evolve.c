/*
 * evolve.c - the evolutionary search over CPPN settings (see evolve.h).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evolve.h"
#include "image.h"

static const nn_activation pool[] = {NN_ACT_TANH, NN_ACT_SIN,
                                     NN_ACT_GAUSSIAN, NN_ACT_SOFTPLUS};

static double round2(double v)
{
    return round(v * 100.0) / 100.0;
}

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* tanh more than half the time, the others 15% each. */
static nn_activation draw_act(art_rng *r)
{
    return art_rng_uniform(r) < 0.55 ? NN_ACT_TANH
                                     : pool[1 + art_rng_below(r, 3)];
}

void art_evolve_sample(art_rng *r, const art_cppn_params *base,
                       art_cppn_params *out)
{
    *out = *base;
    out->seed = art_rng_next(r) >> 32; /* short enough to type */
    out->sigma = round2(0.6 + 0.8 * art_rng_uniform(r));
    out->scale = round2(exp(log(1.5) + (log(8.0) - log(1.5)) *
                                           art_rng_uniform(r)));
    out->depth = 3 + (int)art_rng_below(r, 4);
    /* A quieter output layer mixes the colours instead of saturating
     * them into primaries. */
    out->out_sigma = round2(exp(log(0.3) + (log(1.2) - log(0.3)) *
                                               art_rng_uniform(r)));
    out->random_mix = 0;
    out->n_acts = out->depth;
    for (int i = 0; i < out->depth; i++)
        out->acts[i] = draw_act(r);
}

static void resolve(art_cppn_params *p)
{
    /* Spell the pattern out per layer so mutations can change one. */
    if (p->random_mix) {
        art_cppn c;
        char err[256];
        if (art_cppn_create(&c, p, err, sizeof err) == 0) {
            memcpy(p->acts, c.p.acts, sizeof p->acts);
            art_cppn_destroy(&c);
        } else {
            for (int i = 0; i < p->depth; i++)
                p->acts[i] = NN_ACT_TANH;
        }
        p->random_mix = 0;
    } else {
        nn_activation acts[ART_CPPN_MAX_DEPTH];
        for (int i = 0; i < ART_CPPN_MAX_DEPTH; i++)
            acts[i] = p->acts[i % p->n_acts];
        memcpy(p->acts, acts, sizeof acts);
    }
    p->n_acts = p->depth;
}

void art_evolve_mutate(art_rng *r, const art_cppn_params *parent,
                       art_cppn_params *child)
{
    *child = *parent;
    resolve(child);
    int n = 1 + (int)art_rng_below(r, 3);
    for (int k = 0; k < n; k++) {
        switch (art_rng_below(r, 6)) {
        case 0:
            child->seed = art_rng_next(r) >> 32;
            break;
        case 5:
            if (child->out_sigma <= 0)
                child->out_sigma = child->sigma;
            child->out_sigma =
                round2(clamp(child->out_sigma * exp(0.2 * art_rng_normal(r)),
                             0.1, 4.0));
            break;
        case 1:
            child->sigma =
                round2(clamp(child->sigma * exp(0.2 * art_rng_normal(r)),
                             0.3, 4.0));
            break;
        case 2:
            child->scale =
                round2(clamp(child->scale * exp(0.2 * art_rng_normal(r)),
                             0.5, 30.0));
            break;
        case 3: {
            int d = child->depth + (art_rng_below(r, 2) ? 1 : -1);
            if (d >= 2 && d <= 10) {
                if (d > child->depth)
                    child->acts[child->depth] = draw_act(r);
                child->depth = d;
            }
            break;
        }
        default:
            child->acts[art_rng_below(r, (uint64_t)child->depth)] =
                draw_act(r);
            break;
        }
    }
    child->n_acts = child->depth;
}

int art_evolve_score(art_candidate *c, int w, int h, char *err,
                     size_t errlen)
{
    art_cppn net;
    art_image im;
    if (art_cppn_create(&net, &c->p, err, errlen) != 0)
        return -1;
    c->p = net.p; /* resolved */
    int rc = art_cppn_render(&net, NULL, w, h, &im, err, errlen);
    art_cppn_destroy(&net);
    if (rc != 0)
        return -1;
    rc = art_measure_all(im.rgb, w, h, &c->m);
    art_image_free(&im);
    if (rc != 0) {
        snprintf(err, errlen, "cannot measure a %dx%d picture", w, h);
        return -1;
    }
    c->closeness = art_closeness(&c->m, &c->distance);
    c->scored = 1;
    return 0;
}

static int by_closeness(const void *a, const void *b)
{
    const art_candidate *x = a, *y = b;
    return (x->closeness < y->closeness) - (x->closeness > y->closeness);
}

int art_evolve_run(const art_cppn_params *base, const art_evolve_opts *o,
                   art_candidate *pop, char *err, size_t errlen)
{
    art_rng r;
    art_rng_seed(&r, o->seed);
    int n = o->population, keep = (o->population + 1) / 2;
    for (int i = 0; i < n; i++) {
        memset(&pop[i], 0, sizeof pop[i]);
        if (o->sample_start)
            art_evolve_sample(&r, base, &pop[i].p);
        else if (i == 0) {
            pop[i].p = *base;
            resolve(&pop[i].p);
        } else
            art_evolve_mutate(&r, base, &pop[i].p);
    }
    for (int g = 0; g < o->generations; g++) {
        if (g > 0) /* children of the best half replace the rest */
            for (int i = keep; i < n; i++) {
                int parent = (int)art_rng_below(&r, (uint64_t)keep);
                art_evolve_mutate(&r, &pop[parent].p, &pop[i].p);
                pop[i].scored = 0;
            }
        for (int i = 0; i < n; i++)
            if (!pop[i].scored &&
                art_evolve_score(&pop[i], o->eval_w, o->eval_h, err,
                                 errlen) != 0)
                return -1;
        qsort(pop, (size_t)n, sizeof *pop, by_closeness);
        if (o->report && o->report(o->report_user, g, pop, n))
            return 1;
    }
    return 0;
}
