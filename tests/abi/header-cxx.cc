/*
 * header-cxx.cc - nn.h compiles cleanly as C++11 with -Wall -Wextra
 * -Wpedantic -Werror, its extern "C" block links against the C library,
 * and the header matches the library.
 */
#include "nn.h"
#include "nn.h"

#include <cstdio>
#include <cstring>

static_assert(NN_OK == 0, "NN_OK is 0");

int main()
{
    nn_model *m = nullptr;
    const char *v = nn_version_string();

    if (nn_version_number() != NN_VERSION_NUMBER) {
        std::fprintf(stderr, "header %d, library %d\n", NN_VERSION_NUMBER,
                     nn_version_number());
        return 1;
    }
    if (v == nullptr || std::strcmp(v, NN_VERSION_STRING) != 0)
        return 1;
    if (nn_model_create(&m, 4) != NN_OK || nn_model_input_dim(m) != 4) {
        nn_model_destroy(m);
        return 1;
    }
    nn_model_destroy(m);
    std::printf("libnn %s (%d) from C++\n", v, nn_version_number());
    return 0;
}
