/*
 * classroom_video.h: the decoder's API (classroom_video.c, called by classroom-video-worker) and the parts of the
 * decoder that live in files of their own.
 *
 *   cv_open      opens a file through the given protocols only (protocol_whitelist) and as one of the given
 *                containers only (format_whitelist: demuxer names); on failure returns a negative AVERROR and writes
 *                a message into err, or CV_REFUSED_CONTAINER and the detected demuxer's name.
 *                keyframes_after_ms >= 0: from that time on, a stretch from one keyframe to the next (a GOP) that the
 *                container's index shows to be at most key_gap_ms long is decoded from its keyframe only, its other
 *                packets dropped unread by the decoder (sparse sampling: the keyframe stands for the stretch); a longer
 *                or unindexed stretch is decoded whole. -1: every packet is decoded.
 *   cv_next      1: a frame is ready (valid until the next call), 0: end of video, < 0: error (cv_error says why).
 *   cv_interrupt makes a blocked read return (from any thread); cv_close frees everything.
 * All are safe to call with a NULL decoder except cv_open.
 */
#ifndef CLASSROOM_VIDEO_H
#define CLASSROOM_VIDEO_H

#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <stddef.h>
#include <stdint.h>

#define CV_EXPORT __attribute__((visibility("default")))

/* The input is a container not on the caller's list (an HLS playlist, a concat script, a photo, …); the error text is
 * the demuxer's name. VideoContainers.RefusedCode in src/Recognition.Video/VideoContainers.cs is this value. */
#define CV_REFUSED_CONTAINER FFERRTAG('C', 'V', 'R', 'C')

typedef struct cv_decoder cv_decoder;

CV_EXPORT int cv_open(const char *url, const char *protocols, const char *formats, const char *filters, int threads,
                      int keyframes_after_ms, int key_gap_ms, cv_decoder **result, char *err, int errlen);
CV_EXPORT int cv_next(cv_decoder *d, const uint8_t **data, int *linesize, int *width, int *height);
CV_EXPORT const char *cv_error(const cv_decoder *d);
CV_EXPORT const char *cv_format_name(const cv_decoder *d);
CV_EXPORT void cv_interrupt(cv_decoder *d);
CV_EXPORT void cv_close(cv_decoder *d);

/* classroom_video_input.c: opens *pb (the input) and *fmt over it, confined to the protocols and containers given;
 * CV_REFUSED_CONTAINER with the demuxer's name in refused when the container is not on the list. */
int cv_open_input(AVFormatContext **fmt, AVIOContext **pb, const char *url, const char *protocols, const char *formats,
                  char *refused, size_t refused_len);

/* classroom_video_rotation.c: the filters that turn the stream upright, as a chain prefix ("" or "transpose=clock,"). */
void cv_rotation_filters(const AVStream *st, char *buf, size_t len);

#endif
