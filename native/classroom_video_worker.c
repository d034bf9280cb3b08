/*
 * classroom-video-worker: the decoder of classroom_video.c in a process of its own, kept running from one video to
 * the next (WorkerFrameSource). It is fast — a long-lived process reuses its memory and loads the ffmpeg libraries
 * once — and has an ffmpeg process's isolation: a video that crashes the ffmpeg libraries
 * ends this worker, not the app, and the app reports that one video and starts a fresh worker.
 *
 * Protocol on stdin/stdout, integers little-endian int32 (requests are answered in order):
 *   'O' threads, keyframes_after_ms, key_gap_ms, then        ->  code; then len + bytes: the demuxer's name (code >= 0),
 *       len + bytes of each of protocols, formats, filters,     the error (code < 0), or the refused demuxer's name
 *       path (cv_open's)
 *                                                               (code CV_REFUSED_CONTAINER)
 *   'N'                                                     ->  code; 1: width, height, width*height*3 RGB bytes;
 *                                                               0: end of video; < 0: len + bytes of the error
 *   'C'                                                     ->  nothing (closes the open video)
 *   'P'                                                     ->  0 (the worker runs: it and the libraries loaded)
 * End of stdin ends the worker.
 */
#define _GNU_SOURCE
#include "classroom_video.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_TEXT (1 << 20)

static int read_full(void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n > 0) {
        ssize_t r = read(0, p, n);
        if (r <= 0) return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static int write_full(const void *buf, size_t n)
{
    const uint8_t *p = buf;
    while (n > 0) {
        ssize_t w = write(1, p, n);
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int write_int(int32_t v) { return write_full(&v, sizeof v); }

static int write_text(const char *s)
{
    int32_t n = (int32_t)strlen(s);
    return write_int(n) < 0 || write_full(s, (size_t)n) < 0 ? -1 : 0;
}

/* A length-prefixed string, NUL-terminated; NULL on end of input or a length out of range. */
static char *read_text(void)
{
    int32_t n;
    if (read_full(&n, sizeof n) < 0 || n < 0 || n > MAX_TEXT) return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s) return NULL;
    if (read_full(s, (size_t)n) < 0) { free(s); return NULL; }
    s[n] = 0;
    return s;
}

int main(void)
{
    fcntl(1, F_SETPIPE_SZ, 1 << 20); /* a 1280x720 frame in a few writes instead of 42; best effort */

    cv_decoder *d = NULL;
    uint8_t *frame = NULL;
    size_t capacity = 0;
    for (;;) {
        uint8_t op;
        if (read_full(&op, 1) < 0) break;
        if (op == 'O') {
            int32_t threads, keyframes_after_ms, key_gap_ms;
            char *protocols = NULL, *formats = NULL, *filters = NULL, *path = NULL;
            if (read_full(&threads, sizeof threads) < 0 || read_full(&keyframes_after_ms, sizeof keyframes_after_ms) < 0 ||
                read_full(&key_gap_ms, sizeof key_gap_ms) < 0 || !(protocols = read_text()) || !(formats = read_text()) ||
                !(filters = read_text()) || !(path = read_text())) {
                free(protocols);
                free(formats);
                free(filters);
                break;
            }
            cv_close(d);
            d = NULL;
            char err[512] = {0};
            int code = cv_open(path, protocols, formats, filters, threads, keyframes_after_ms, key_gap_ms, &d, err, sizeof err);
            free(protocols);
            free(formats);
            free(filters);
            free(path);
            if (write_int(code) < 0 || write_text(code < 0 ? err : cv_format_name(d)) < 0) break;
        } else if (op == 'N') {
            const uint8_t *data = NULL;
            int linesize = 0, width = 0, height = 0;
            int code = d ? cv_next(d, &data, &linesize, &width, &height) : -22;
            if (code == 1) {
                size_t row = (size_t)width * 3, size = row * (size_t)height;
                if (size > capacity) {
                    free(frame);
                    if (!(frame = malloc(size))) return 3;
                    capacity = size;
                }
                for (int y = 0; y < height; y++) memcpy(frame + row * (size_t)y, data + (ptrdiff_t)linesize * y, row);
                if (write_int(1) < 0 || write_int(width) < 0 || write_int(height) < 0 || write_full(frame, size) < 0) break;
            } else if (code == 0) {
                if (write_int(0) < 0) break;
            } else {
                if (write_int(code) < 0 || write_text(d ? cv_error(d) : "no video is open") < 0) break;
            }
        } else if (op == 'P') {
            if (write_int(0) < 0) break;
        } else if (op == 'C') {
            cv_close(d);
            d = NULL;
        } else {
            return 2; /* not our protocol */
        }
    }
    cv_close(d);
    free(frame);
    return 0;
}
