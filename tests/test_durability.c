/*
 * test_durability.c - checkpoints survive SIGKILL.
 *
 * A child process (this program re-executed with --train-child) trains with
 * a checkpoint after every epoch. The parent kills it with SIGKILL at
 * pseudo-random moments, many times. After every kill the checkpoint on
 * disk, if one was written yet, must load; and resuming from it to the
 * final epoch must give bit for bit the weights of an uninterrupted run.
 */
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "test_util.h"

enum { ROWS = 1500, IN = 24, OUT = 4, EPOCHS = 24, BATCH = 16, KILLS = 60 };

static float data_x[ROWS * IN], data_y[ROWS];

static void make_data(void)
{
    test_rng r = {2024};
    for (size_t i = 0; i < ROWS; i++) {
        size_t c = test_rng_below(&r, OUT);
        data_y[i] = (float)c;
        for (size_t j = 0; j < IN; j++)
            data_x[i * IN + j] =
                test_rng_range(&r, -1, 1) + (j % OUT == c ? 1.0f : 0.0f);
    }
}

static nn_model *make_model(void)
{
    nn_model *m = NULL;
    if (nn_model_create(&m, IN) != NN_OK ||
        nn_model_set_seed(m, 99) != NN_OK ||
        nn_model_add_dense(m, 64, NN_ACT_RELU) != NN_OK ||
        nn_model_add_dropout(m, 0.2f) != NN_OK ||
        nn_model_add_dense(m, 64, NN_ACT_TANH) != NN_OK ||
        nn_model_add_dense(m, OUT, NN_ACT_SOFTMAX) != NN_OK ||
        nn_model_compile(m, NN_OPT_ADAM,
                         NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0) != NN_OK) {
        nn_model_destroy(m);
        return NULL;
    }
    return m;
}

static nn_fit_options training_options(const char *checkpoint, int resume)
{
    nn_fit_options o;
    nn_fit_options_init(&o);
    o.validation_split = 0.2f;
    o.checkpoint_path = checkpoint;
    o.checkpoint_period = 1;
    o.resume = resume;
    return o;
}

/* The child: train from scratch, or on from the checkpoint if one exists,
 * to EPOCHS epochs, checkpointing every epoch. Killed at any moment. */
static int train_child(const char *checkpoint)
{
    make_data();
    nn_model *m = NULL;
    int resume = nn_model_load(&m, checkpoint) == NN_OK;
    if (!resume)
        m = make_model();
    if (!m)
        return 3;
    nn_fit_options o = training_options(checkpoint, resume);
    size_t done = nn_model_epochs_done(m);
    nn_status st = nn_fit(m, data_x, data_y, ROWS, EPOCHS - done, BATCH, &o);
    nn_model_destroy(m);
    return st == NN_OK ? 0 : 4;
}

static char self_path[4096];

static pid_t spawn_child(const char *checkpoint)
{
    pid_t pid = fork();
    if (pid == 0) {
        execl(self_path, self_path, "--train-child", checkpoint, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static void sleep_us(long us)
{
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static void test_kill_and_resume(void **state)
{
    make_data();
    /* the uninterrupted run, and how long it takes, to aim the kills */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    nn_model *reference = make_model();
    assert_non_null(reference);
    nn_fit_options plain = training_options(NULL, 0);
    ASSERT_OK(nn_fit(reference, data_x, data_y, ROWS, EPOCHS, BATCH, &plain));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long run_us = (t1.tv_sec - t0.tv_sec) * 1000000L +
                  (t1.tv_nsec - t0.tv_nsec) / 1000;
    /* a child also pays for exec, start-up and the saves */
    long window_us = 2 * run_us + 50000;

    char *dir = test_mkdtemp();
    char *checkpoint = test_join(dir, "checkpoint.nnm");
    test_rng r = {7};
    int kills = 0, loads = 0, finished_runs = 0;
    size_t last_done = 0;
    for (int round = 0; round < KILLS; round++) {
        pid_t pid = spawn_child(checkpoint);
        assert_true(pid > 0);
        sleep_us((long)(test_rng_uniform(&r) * (double)window_us / 3));
        kill(pid, SIGKILL);
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            kills++;
        else
            CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "child failed with status %d", status);
        struct stat sb;
        if (stat(checkpoint, &sb) == 0) {
            nn_model *m = NULL;
            nn_status st = nn_model_load(&m, checkpoint);
            CHECK(st == NN_OK, "round %d: the checkpoint does not load: %s",
                  round, nn_last_error());
            size_t done = nn_model_epochs_done(m);
            CHECK(done >= last_done, "the checkpoint went back from %zu to "
                  "%zu epochs", last_done, done);
            last_done = done;
            loads++;
            nn_model_destroy(m);
        }
        if (last_done == EPOCHS) {
            finished_runs++;
            /* the resumed chain reached the end: compare, then start over */
            nn_model *m = NULL;
            ASSERT_OK(nn_model_load(&m, checkpoint));
            CHECK(test_same_weights(m, reference),
                  "a run resumed across kills differs from the unbroken one");
            nn_model_destroy(m);
            unlink(checkpoint);
            last_done = 0;
        }
    }
    /* finish the last chain without kills and compare */
    pid_t pid = spawn_child(checkpoint);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    nn_model *m = NULL;
    ASSERT_OK(nn_model_load(&m, checkpoint));
    assert_int_equal(nn_model_epochs_done(m), EPOCHS);
    CHECK(test_same_weights(m, reference),
          "a run resumed across kills differs from the unbroken one");
    nn_model_destroy(m);
    print_message("  %d kills survived, %d checkpoints loaded, %d chains "
                  "completed bit-identical\n",
                  kills, loads, finished_runs + 1);
    CHECK(kills >= KILLS / 2, "only %d of %d children were killed mid-run",
          kills, KILLS);
    nn_model_destroy(reference);
    test_rm_rf(dir);
    free(checkpoint);
    free(dir);
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--train-child"))
        return train_child(argv[2]);
    ssize_t len = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    if (len <= 0)
        return 1;
    self_path[len] = '\0';
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_and_resume),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
