// Tests of include/nn.hpp, the header-only C++ wrapper: built as C++17 with
// -Wall -Wextra against the shared library.
#include "nn.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

static int failures = 0;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                              \
        }                                                                            \
    } while (0)

// Runs f, expecting nn::Error with @p status and a message containing @p text.
template <typename F>
static void expect_error(F &&f, nn_status status, const char *text, int line) {
    try {
        f();
        std::fprintf(stderr, "line %d: no exception\n", line);
        failures++;
    } catch (const nn::Error &e) {
        if (e.status() != status || std::strstr(e.what(), text) == nullptr) {
            std::fprintf(stderr, "line %d: got %s \"%s\"\n", line, e.status_name(), e.what());
            failures++;
        }
    }
}
#define EXPECT_ERROR(stmt, status, text) expect_error([&] { stmt; }, status, text, __LINE__)

static_assert(!std::is_copy_constructible<nn::Model>::value, "move-only");
static_assert(std::is_nothrow_move_constructible<nn::Model>::value, "movable");
static_assert(std::is_base_of<std::runtime_error, nn::Error>::value, "runtime_error");

static const float xor_x[] = {0, 0, 0, 1, 1, 0, 1, 1};
static const float xor_y[] = {0, 1, 1, 0};

static nn::Model xor_model() {
    nn::Model m(2);
    m.seed(42).dense(8, NN_ACT_TANH).dense(1, NN_ACT_SIGMOID).compile(NN_OPT_ADAM, NN_LOSS_BINARY_CROSSENTROPY, 0.05f);
    return m;
}

static void test_xor() {
    nn::Model m = xor_model();
    m.fit(xor_x, xor_y, 500, 4);
    auto [loss, accuracy] = m.evaluate(xor_x, xor_y);
    CHECK(accuracy == 1.0f);
    CHECK(loss < 0.1f);
    std::vector<float> p = m.predict(xor_x);
    CHECK(p.size() == 4);
    for (std::size_t i = 0; i < p.size(); i++)
        CHECK(std::fabs(p[i] - xor_y[i]) < 0.5f);
    CHECK(m.history_len() == 500 && m.epochs_done() == 500);
    CHECK(std::isnan(m.history(0, NN_METRIC_VAL_LOSS)));
}

static void test_errors() {
    nn::Model m(2);
    m.dense(3, NN_ACT_SOFTMAX).compile(NN_OPT_SGD, NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY);
    const std::vector<float> y = {0, 1, 5, 2};
    EXPECT_ERROR(m.fit(xor_x, y, 1, 4), NN_ERR_INVALID_ARG, "row 2");
    EXPECT_ERROR(m.fit(xor_x, y, 1, 4), NN_ERR_INVALID_ARG, "nn_fit: label 5");
    EXPECT_ERROR(nn::Model(0), NN_ERR_INVALID_ARG, "nn_model_create");
    EXPECT_ERROR(m.predict(std::vector<float>{1, 2, 3}), NN_ERR_INVALID_ARG, "x has 3 floats");
    EXPECT_ERROR(m.fit(xor_x, nn::floats(y.data(), 3), 1, 1), NN_ERR_INVALID_ARG, "y has 3 floats");
    EXPECT_ERROR(m.set_param(NN_PARAM_MOMENTUM, 2.0), NN_ERR_INVALID_ARG, "nn_model_set_param");
    EXPECT_ERROR(m.weights(9), NN_ERR_INVALID_ARG, "out of range");
    EXPECT_ERROR(nn::Model::load("/nonexistent/model.nn"), NN_ERR_IO, "nn_model_load");
    nn::Model plain(2);
    plain.dense(1, NN_ACT_LINEAR);
    EXPECT_ERROR(plain.fit(xor_x, xor_y, 1, 1), NN_ERR_STATE, "not compiled");
    try {
        m.fit(xor_x, y, 1, 4);
    } catch (const std::runtime_error &e) { // catchable as the standard type
        CHECK(std::string(e.what()).find("out of range") != std::string::npos);
    }
}

static void test_move_and_buffers() {
    nn::Model a = xor_model();
    a.fit(xor_x, xor_y, 20, 4);
    a.set_metadata("dataset", "xor");
    std::vector<unsigned char> bytes = a.to_buffer();
    nn::Model b = nn::Model::from_buffer(bytes.data(), bytes.size());
    CHECK(b.predict(xor_x) == a.predict(xor_x));
    CHECK(b.metadata("dataset") == "xor" && b.metadata("absent").empty());
    CHECK(b.weights(0) == a.weights(0));
    CHECK(b.weights(1).first.size() == 8 && b.weights(1).second.size() == 1);

    nn::Model c = std::move(a);
    CHECK(c.get() != nullptr && a.get() == nullptr);  // NOLINT(bugprone-use-after-move)
    EXPECT_ERROR(a.predict(xor_x), NN_ERR_INVALID_ARG, ""); // moved-from: no handle, calls throw
    a = c.clone();
    CHECK(a.predict(xor_x) == c.predict(xor_x));
    nn_model *raw = c.release();
    CHECK(raw != nullptr && c.get() == nullptr);
    nn_model_destroy(raw);
}

static void test_callbacks() {
    nn::Model m = xor_model();
    std::size_t batches = 0, epochs = 0;
    nn::Callbacks cb;
    cb.on_batch = [&](std::size_t, std::size_t, std::size_t, float, float) { return ++batches == 1000; };
    cb.on_epoch = [&](const nn_epoch_logs &l) {
        epochs++;
        return l.epoch == 2;
    };
    m.fit(xor_x, xor_y, 100, 2, nn::fit_options(), cb);
    CHECK(epochs == 3 && batches == 6 && m.history_len() == 3);

    cb.on_batch = [&](std::size_t e, std::size_t, std::size_t, float, float) -> bool {
        if (e == 1)
            throw std::logic_error("from the callback");
        return false;
    };
    epochs = 0;
    try {
        m.fit(xor_x, xor_y, 10, 2, nn::fit_options(), cb);
        CHECK(false);
    } catch (const std::logic_error &e) {
        CHECK(std::string(e.what()) == "from the callback");
    }
    CHECK(epochs == 1); // training stopped at the throw
    cb.on_batch = [](std::size_t, std::size_t b, std::size_t, float, float) { return b == 0; };
    EXPECT_ERROR(m.fit(xor_x, xor_y, 10, 2, nn::fit_options(), cb), NN_ERR_CANCELLED, "cancelled");
}

int main() {
    test_xor();
    test_errors();
    test_move_and_buffers();
    test_callbacks();
    if (failures)
        std::fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
