/*
 * file.c - model files on disk. Saving is atomic: the bytes go to a
 * temporary file in the target's directory, are flushed to the disk, and
 * the temporary file is renamed over the target, so a reader sees either
 * the old file or the new one, and a failure leaves the old file intact.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static nn_status nn__write_all(int fd, const unsigned char *p, size_t len)
{
    while (len > 0) {
        ssize_t done = write(fd, p, len);
        if (done < 0) {
            if (errno == EINTR)
                continue;
            return NN_ERR_IO;
        }
        p += done;
        len -= (size_t)done;
    }
    return NN_OK;
}

/* The directory part of path ("." for a bare name), in a new string. */
static char *nn__dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t len = slash ? (size_t)(slash - path) : 1;
    if (slash && len == 0)
        len = 1; /* "/name" lives in "/" */
    char *dir = nn__malloc(len + 1);
    if (!dir)
        return NULL;
    memcpy(dir, slash ? path : ".", len);
    dir[len] = '\0';
    return dir;
}

/* Room for ".tmp-" and two 16-digit hex numbers. */
#define NN__TMP_SUFFIX_MAX 48

/* Creates "<path>.tmp-<pid>-<n>" exclusively with mode 0666 less the
 * umask (mkstemp would force 0600, and reading the umask to undo that is
 * racy between threads). @p tmp holds the path in its first path_len
 * bytes. Returns the descriptor or -1 with errno set. */
static int nn__create_temp(char *tmp, size_t path_len)
{
    static _Atomic unsigned long counter;
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned long n = counter++;
        snprintf(tmp + path_len, NN__TMP_SUFFIX_MAX, ".tmp-%lx-%lx",
                 (unsigned long)getpid(), n);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

nn_status nn_model_save(const nn_model *m, const char *path)
{
    NN_TRY(nn__check_model(m, __func__));
    if (!path || !*path)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: path is %s", __func__,
                        path ? "empty" : "NULL");
    /* lstat, not stat: renaming over a symbolic link would replace the
     * link itself and leave its target stale. */
    struct stat st;
    int keep_mode = 0;
    mode_t mode = 0;
    if (lstat(path, &st) == 0) {
        if (!S_ISREG(st.st_mode))
            return nn__fail(NN_ERR_IO,
                            "%s: %s exists and is not a regular file (%s); "
                            "refusing to replace it",
                            __func__, path,
                            S_ISLNK(st.st_mode)   ? "a symbolic link"
                            : S_ISDIR(st.st_mode) ? "a directory"
                                                  : "a special file");
        keep_mode = 1;
        mode = st.st_mode & 07777;
    }

    unsigned char *data;
    size_t size;
    NN_TRY(nn__model_serialize(m, __func__, &data, &size));

    size_t path_len = strlen(path);
    char *tmp = nn__malloc(path_len + NN__TMP_SUFFIX_MAX);
    char *dir = nn__dirname(path);
    if (!tmp || !dir) {
        nn__free(tmp);
        nn__free(dir);
        nn__free(data);
        return nn__fail(NN_ERR_NOMEM, "%s: out of memory", __func__);
    }
    memcpy(tmp, path, path_len);

    nn_status status = NN_OK;
    const char *step = NULL;
    int fd = nn__create_temp(tmp, path_len);
    if (fd < 0) {
        step = "create a temporary file beside it";
    } else {
        if (keep_mode && fchmod(fd, mode) != 0)
            step = "give the temporary file the old file's mode";
        else if (nn__write_all(fd, data, size) != NN_OK)
            step = "write";
        else if (fsync(fd) != 0)
            step = "flush to disk";
        int saved = errno;
        if (close(fd) != 0 && !step)
            step = "close";
        else
            errno = saved;
        if (!step && rename(tmp, path) != 0)
            step = "rename the temporary file over it";
        if (step) {
            saved = errno;
            unlink(tmp);
            errno = saved;
        }
    }
    if (step) {
        status = nn__fail(NN_ERR_IO, "%s: cannot save %s: failed to %s: %s",
                          __func__, path, step, strerror(errno));
    } else {
        /* Make the rename itself durable; a failure here cannot undo it,
         * so it is not reported. */
        int dfd = open(dir, O_RDONLY | O_DIRECTORY);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
    }
    nn__free(tmp);
    nn__free(dir);
    nn__free(data);
    return status;
}

nn_status nn_model_load(nn_model **out, const char *path)
{
    if (!out)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: out is NULL", __func__);
    *out = NULL;
    if (!path || !*path)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: path is %s", __func__,
                        path ? "empty" : "NULL");
    /* O_NONBLOCK so that opening a FIFO cannot hang before the regular-file
     * check below; reads from a regular file are unaffected by it. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return nn__fail(NN_ERR_IO, "%s: cannot open %s: %s", __func__, path,
                        strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int saved = errno;
        close(fd);
        return nn__fail(NN_ERR_IO, "%s: %s is not a regular file%s%s",
                        __func__, path, saved ? ": " : "",
                        saved ? strerror(saved) : "");
    }
    size_t size = (size_t)st.st_size;
    unsigned char *data = nn__malloc(size);
    if (!data) {
        close(fd);
        return nn__fail(NN_ERR_NOMEM, "%s: out of memory reading %s (%zu "
                                      "bytes)",
                        __func__, path, size);
    }
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, data + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    int saved = errno;
    close(fd);
    if (got != size) {
        nn__free(data);
        return nn__fail(NN_ERR_IO, "%s: cannot read %s: %s", __func__, path,
                        got < size && saved ? strerror(saved)
                                            : "the file changed size");
    }
    nn_status status = nn__model_deserialize(__func__, path, data, size, out);
    nn__free(data);
    return status;
}
