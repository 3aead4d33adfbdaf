/*
 * nn.hpp - a thin header-only C++17 wrapper of nn.h. Copyright (c) 2026 The
 * libnn authors. SPDX-License-Identifier: MIT
 *
 *     nn::Model m(2);   // x, y: std::vector<float> or float arrays
 *     m.dense(8, NN_ACT_TANH).dense(1, NN_ACT_SIGMOID).compile(NN_OPT_ADAM, NN_LOSS_BINARY_CROSSENTROPY, 0.05f);
 *     m.fit(x, y, 500, 4);
 *     std::vector<float> p = m.predict(x);
 *
 * Failing calls throw nn::Error (what(): nn_last_error()'s message; status()).
 * x/y lengths are checked before the C call. nn::Model is move-only; nn.h's
 * thread-safety rules, enums and nn_fit_options apply unchanged.
 */
#ifndef NN_HPP
#define NN_HPP

#include "nn.h"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace nn {

/** A failed libnn call: the status and the library's message. */
class Error : public std::runtime_error {
public:
    Error(nn_status status, const std::string &message)
        : std::runtime_error(message.empty() ? nn_status_string(status) : message), status_(status) {}
    nn_status status() const noexcept { return status_; }
    /** "NN_ERR_INVALID_ARG" and so on. */
    const char *status_name() const noexcept { return nn_status_name(status_); }
private:
    nn_status status_;
};

/** Throws nn::Error with the calling thread's last message unless NN_OK. */
inline void check(nn_status status) {
    if (status != NN_OK)
        throw Error(status, nn_last_error());
}

/** A read-only view of floats: a pointer and a count. */
struct floats {
    const float *data = nullptr;
    std::size_t size = 0;
    floats() = default;
    floats(const float *p, std::size_t n) : data(p), size(n) {}
    floats(const std::vector<float> &v) : data(v.data()), size(v.size()) {}
    template <std::size_t N>
    floats(const float (&a)[N]) : data(a), size(N) {}
};

/** nn_fit_options with the library's defaults. */
inline nn_fit_options fit_options() {
    nn_fit_options o;
    check(nn_fit_options_init(&o));
    return o;
}

/** Per-batch and per-epoch callbacks for Model::fit. Return true to stop
 *  (a batch callback's stop is NN_ERR_CANCELLED, an epoch callback's an
 *  early, successful stop). An exception thrown by a callback stops
 *  training and is rethrown by fit once the C call has returned. */
struct Callbacks {
    std::function<bool(std::size_t epoch, std::size_t batch, std::size_t batches, float loss, float accuracy)> on_batch;
    std::function<bool(const nn_epoch_logs &logs)> on_epoch;
};

namespace detail {
struct Trampoline {
    Callbacks *cb;
    std::exception_ptr error;
    template <typename F>
    int guard(F &&f) noexcept {
        if (error)
            return 1;
        try {
            return f() ? 1 : 0;
        } catch (...) {
            error = std::current_exception();
            return 1;
        }
    }
    static int batch(void *u, std::size_t e, std::size_t b, std::size_t n, float loss, float acc) noexcept {
        auto *t = static_cast<Trampoline *>(u);
        return t->guard([&] { return t->cb->on_batch(e, b, n, loss, acc); });
    }
    static int epoch(void *u, const nn_epoch_logs *logs) noexcept {
        auto *t = static_cast<Trampoline *>(u);
        return t->guard([&] { return t->cb->on_epoch(*logs); });
    }
};

inline std::size_t rows(const char *fn, const char *what, floats v, std::size_t width) {
    if (width == 0 || v.size % width != 0)
        throw Error(NN_ERR_INVALID_ARG, std::string(fn) + ": " + what + " has " + std::to_string(v.size) +
                                            " floats, not a whole number of rows of " + std::to_string(width));
    return v.size / width;
}
} // namespace detail

/** An owned nn_model. */
class Model {
public:
    explicit Model(std::size_t input_dim) { check(nn_model_create(&m_, input_dim)); }
    ~Model() { nn_model_destroy(m_); }
    Model(Model &&o) noexcept : m_(std::exchange(o.m_, nullptr)) {}
    Model &operator=(Model &&o) noexcept {
        if (this != &o) {
            nn_model_destroy(m_);
            m_ = std::exchange(o.m_, nullptr);
        }
        return *this;
    }
    Model(const Model &) = delete;
    Model &operator=(const Model &) = delete;

    /** Takes ownership of a model from the C API. */
    static Model adopt(nn_model *raw) noexcept {
        Model m;
        m.m_ = raw;
        return m;
    }
    static Model load(const std::string &path) {
        return make([&](nn_model **m) { return nn_model_load(m, path.c_str()); });
    }
    static Model from_buffer(const void *data, std::size_t size) {
        return make([&](nn_model **m) { return nn_model_load_buffer(m, data, size); });
    }
    Model clone() const { return make([&](nn_model **m) { return nn_model_clone(m_, m); }); }

    nn_model *get() noexcept { return m_; }
    const nn_model *get() const noexcept { return m_; }
    /** Gives up ownership: free the result with nn_model_destroy. */
    nn_model *release() noexcept { return std::exchange(m_, nullptr); }

    Model &dense(std::size_t units, nn_activation act) { return chain(nn_model_add_dense(m_, units, act)); }
    Model &dropout(float rate) { return chain(nn_model_add_dropout(m_, rate)); }
    Model &seed(std::uint64_t s) { return chain(nn_model_set_seed(m_, s)); }
    Model &compile(nn_optimizer opt, nn_loss loss, float learning_rate = 0.0f) {
        return chain(nn_model_compile(m_, opt, loss, learning_rate));
    }
    Model &set_param(nn_param p, double v) { return chain(nn_model_set_param(m_, p, v)); }
    double param(nn_param p) const {
        double v;
        check(nn_model_get_param(m_, p, &v));
        return v;
    }

    std::size_t input_dim() const noexcept { return nn_model_input_dim(m_); }
    std::size_t output_dim() const noexcept { return nn_model_output_dim(m_); }
    std::size_t layer_count() const noexcept { return nn_model_layer_count(m_); }
    std::size_t param_count() const noexcept { return nn_model_param_count(m_); }
    std::size_t epochs_done() const noexcept { return nn_model_epochs_done(m_); }
    std::size_t history_len() const noexcept { return nn_model_history_len(m_); }
    float history(std::size_t epoch, nn_metric metric) const {
        float v;
        check(nn_model_history_get(m_, epoch, metric, &v));
        return v;
    }

    /** Trains on x (n x input_dim) and y (nn_fit's layout). */
    void fit(floats x, floats y, std::size_t epochs, std::size_t batch_size, nn_fit_options opts = fit_options(),
             Callbacks callbacks = {}) {
        std::size_t n = detail::rows("nn_fit", "x", x, input_dim());
        check_labels("nn_fit", y, n);
        detail::Trampoline t{&callbacks, nullptr};
        if (callbacks.on_batch) {
            opts.on_batch = detail::Trampoline::batch;
            opts.on_batch_user = &t;
        }
        if (callbacks.on_epoch) {
            opts.on_epoch = detail::Trampoline::epoch;
            opts.on_epoch_user = &t;
        }
        nn_status st = nn_fit(m_, x.data, y.data, n, epochs, batch_size, &opts);
        std::string message = st == NN_OK ? "" : nn_last_error();
        if (t.error)
            std::rethrow_exception(t.error);
        if (st != NN_OK)
            throw Error(st, message);
    }

    std::vector<float> predict(floats x) const {
        std::size_t n = detail::rows("nn_predict", "x", x, input_dim());
        std::vector<float> out(n * output_dim());
        check(nn_predict(m_, x.data, n, out.data()));
        return out;
    }

    /** {loss, accuracy}. */
    std::pair<float, float> evaluate(floats x, floats y) const {
        std::size_t n = detail::rows("nn_evaluate", "x", x, input_dim());
        check_labels("nn_evaluate", y, n);
        std::pair<float, float> r;
        check(nn_evaluate(m_, x.data, y.data, n, &r.first, &r.second));
        return r;
    }

    /** {kernel (in x units), bias (units)} of dense layer @p layer. */
    std::pair<std::vector<float>, std::vector<float>> weights(std::size_t layer) const {
        check(nn_model_get_weights(m_, layer, nullptr, nullptr)); // checks layer
        std::size_t units, in = input_dim();
        check(nn_model_layer_units(m_, layer, &units));
        if (layer > 0)
            check(nn_model_layer_units(m_, layer - 1, &in));
        std::pair<std::vector<float>, std::vector<float>> w{std::vector<float>(in * units), std::vector<float>(units)};
        check(nn_model_get_weights(m_, layer, w.first.data(), w.second.data()));
        return w;
    }

    void save(const std::string &path) const { check(nn_model_save(m_, path.c_str())); }
    std::vector<unsigned char> to_buffer() const {
        void *data;
        std::size_t size;
        check(nn_model_save_buffer(m_, &data, &size));
        const auto *p = static_cast<const unsigned char *>(data);
        std::vector<unsigned char> v(p, p + size);
        nn_free(data);
        return v;
    }

    void set_metadata(const std::string &key, const std::string &value) {
        check(nn_model_set_metadata(m_, key.c_str(), value.c_str()));
    }
    /** The value of @p key; "" when absent. */
    std::string metadata(const std::string &key) const {
        const char *v;
        check(nn_model_get_metadata(m_, key.c_str(), &v));
        return v ? v : "";
    }

private:
    Model() noexcept = default;
    template <typename F>
    static Model make(F &&create) {
        nn_model *m = nullptr;
        check(create(&m));
        return adopt(m);
    }
    Model &chain(nn_status status) {
        check(status);
        return *this;
    }
    /** y must hold n labels (sparse categorical) or n x output_dim. */
    void check_labels(const char *fn, floats y, std::size_t n) const {
        nn_optimizer opt;
        nn_loss loss;
        if (nn_model_get_compile(m_, &opt, &loss) != NN_OK)
            throw Error(NN_ERR_STATE, std::string(fn) + ": the model is not compiled");
        std::size_t width = loss == NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY ? 1 : output_dim();
        if (y.size != n * width)
            throw Error(NN_ERR_INVALID_ARG, std::string(fn) + ": y has " + std::to_string(y.size) +
                                                " floats, expected " + std::to_string(n) + " rows of " +
                                                std::to_string(width));
    }

    nn_model *m_ = nullptr;
};

} // namespace nn

#endif /* NN_HPP */
