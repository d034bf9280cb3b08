/*
 * classroom_video: the video decoder of classroom-video-worker (classroom_video_worker.c, WorkerFrameSource).
 *
 * The same work as the ffmpeg command line that FFmpegFrameSource runs, done with the libavformat/libavcodec/
 * libavfilter the ffmpeg package is built on: demux, decode the first video stream, rotate upright from the display
 * matrix (the rules of fftools/ffmpeg_filter.c, FFmpeg 5.1), then the caller's filter chain (fps sampling, scale,
 * rgb24). The worker lives on from one video to the next, so the memory a video needs is reused for the next one by
 * the process's allocator instead of being faulted in afresh by a new process; that is what makes it faster.
 * API: classroom_video.h; opening an input (confined to itself): classroom_video_input.c; autorotation: *_rotation.c.
 */
#include "classroom_video.h"

#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/avstring.h>
#include <libavutil/opt.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define CV_ERROR_LEN 512

struct cv_decoder {
    AVFormatContext *fmt;
    AVIOContext *pb;          /* the input itself, opened by us (AVFMT_FLAG_CUSTOM_IO): fmt never opens anything */
    AVCodecContext *dec;
    AVFilterGraph *graph;
    AVFilterContext *src;
    AVFilterContext *sink;
    AVPacket *pkt;
    AVFrame *decoded;
    AVFrame *out;
    int stream;
    int64_t ts_offset;        /* -start_time in the stream's time base, as the ffmpeg CLI shifts input timestamps */
    int64_t end_pts;          /* where the last decoded frame ends: the end-of-stream time the fps filter is given */
    AVRational rate;          /* the stream's frame rate as ffmpeg guesses it; 0/1 when unknown */
    char *filters;            /* the caller's chain, after the rotation filters */
    int64_t keyframes_after;  /* in the stream's time base (index_time): from here on, short GOPs are decoded from their keyframe only; INT64_MAX: never */
    int64_t key_gap;          /* a GOP at most this long (stream time base) is short */
    int drop_gop;             /* the current GOP's packets after its keyframe are dropped */
    int graph_w, graph_h, graph_fmt;
    int decoder_flushed, graph_flushed, input_ended;
    atomic_int interrupted;
    char error[CV_ERROR_LEN];
};

static void set_error(cv_decoder *d, const char *what, int code)
{
    char reason[AV_ERROR_MAX_STRING_SIZE] = {0};
    if (code < 0) {
        av_strerror(code, reason, sizeof reason);
        snprintf(d->error, sizeof d->error, "%s: %s", what, reason);
    } else {
        snprintf(d->error, sizeof d->error, "%s", what);
    }
}

static int interrupt_cb(void *opaque)
{
    return atomic_load(&((cv_decoder *)opaque)->interrupted);
}

static int build_graph(cv_decoder *d, const AVFrame *f)
{
    avfilter_graph_free(&d->graph);
    d->graph = avfilter_graph_alloc();
    if (!d->graph) return AVERROR(ENOMEM);
    d->graph->nb_threads = 1; /* one frame at a time: threads would only add start-up cost */

    AVStream *st = d->fmt->streams[d->stream];
    AVRational sar = f->sample_aspect_ratio.den ? f->sample_aspect_ratio : (AVRational){0, 1};
    AVRational rate = d->rate;
    char args[512];
    snprintf(args, sizeof args, "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=%d/%d:frame_rate=%d/%d",
             f->width, f->height, f->format, st->time_base.num, st->time_base.den, sar.num, sar.den,
             rate.num ? rate.num : 25, rate.num ? rate.den : 1);
    int ret = avfilter_graph_create_filter(&d->src, avfilter_get_by_name("buffer"), "in", args, NULL, d->graph);
    if (ret < 0) return ret;
    ret = avfilter_graph_create_filter(&d->sink, avfilter_get_by_name("buffersink"), "out", NULL, NULL, d->graph);
    if (ret < 0) return ret;

    char rotate[128];
    cv_rotation_filters(st, rotate, sizeof rotate);
    char *chain = av_asprintf("%s%s", rotate, d->filters);
    if (!chain) return AVERROR(ENOMEM);

    AVFilterInOut *outputs = avfilter_inout_alloc(), *inputs = avfilter_inout_alloc();
    if (!outputs || !inputs) {
        ret = AVERROR(ENOMEM);
    } else {
        outputs->name = av_strdup("in");
        outputs->filter_ctx = d->src;
        inputs->name = av_strdup("out");
        inputs->filter_ctx = d->sink;
        ret = avfilter_graph_parse_ptr(d->graph, chain, &inputs, &outputs, NULL);
        if (ret >= 0) ret = avfilter_graph_config(d->graph, NULL);
    }
    avfilter_inout_free(&inputs);
    avfilter_inout_free(&outputs);
    av_free(chain);
    if (ret < 0) return ret;
    d->graph_w = f->width;
    d->graph_h = f->height;
    d->graph_fmt = f->format;
    d->graph_flushed = 0;
    return 0;
}

static int header_is_complete(const AVFormatContext *fmt)
{
    const char *name = fmt->iformat->name;
    if (strncmp(name, "mov,", 4) != 0 && strncmp(name, "matroska,", 9) != 0) return 0;
    for (unsigned i = 0; i < fmt->nb_streams; i++) {
        const AVCodecParameters *p = fmt->streams[i]->codecpar;
        if (p->codec_type == AVMEDIA_TYPE_VIDEO && (p->codec_id == AV_CODEC_ID_NONE || p->width <= 0 || p->height <= 0)) return 0;
    }
    return 1;
}

/* Page faults cost ~15 us each on small cloud VMs, and a 1080p decoder touches ~30 MB. glibc hands blocks over 128 KB
 * back to the kernel on free (mmap threshold), so every video would fault its buffers in afresh. Keeping them in the
 * heap (threshold 64 MB, trim above 256 MB) lets the next video reuse them: ~3,300 fewer faults per clip measured. */
static void keep_freed_memory(void)
{
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

/* The frame's duration in the stream's time base: as stored, else one frame at the stream's rate. */
static int64_t frame_duration(const cv_decoder *d, const AVFrame *f)
{
#if LIBAVUTIL_VERSION_MAJOR >= 58
    int64_t duration = f->duration;
#else
    int64_t duration = f->pkt_duration;
#endif
    if (duration > 0) return duration;
    return d->rate.num > 0 ? av_rescale_q(1, av_inv_q(d->rate), d->fmt->streams[d->stream]->time_base) : 0;
}

CV_EXPORT const char *cv_error(const cv_decoder *d) { return d ? d->error : "no decoder"; }

CV_EXPORT const char *cv_format_name(const cv_decoder *d) { return d && d->fmt && d->fmt->iformat ? d->fmt->iformat->name : ""; }

CV_EXPORT void cv_interrupt(cv_decoder *d)
{
    if (d) atomic_store(&d->interrupted, 1);
}

CV_EXPORT void cv_close(cv_decoder *d)
{
    if (!d) return;
    avfilter_graph_free(&d->graph);
    avcodec_free_context(&d->dec);
    avformat_close_input(&d->fmt);
    avio_closep(&d->pb); /* custom I/O: avformat_close_input leaves it open */
    av_packet_free(&d->pkt);
    av_frame_free(&d->decoded);
    av_frame_free(&d->out);
    av_free(d->filters);
    av_free(d);
}

CV_EXPORT int cv_open(const char *url, const char *protocols, const char *formats, const char *filters, int threads,
                      int keyframes_after_ms, int key_gap_ms, cv_decoder **result, char *err, int errlen)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, keep_freed_memory);
    *result = NULL;
    av_log_set_level(AV_LOG_QUIET); /* failures are explained through the return values */
    cv_decoder *d = av_mallocz(sizeof *d);
    if (!d) return AVERROR(ENOMEM);
    int ret;
    const char *stage = "out of memory";
    d->filters = av_strdup(filters);
    d->pkt = av_packet_alloc();
    d->decoded = av_frame_alloc();
    d->out = av_frame_alloc();
    d->fmt = avformat_alloc_context();
    if (!d->filters || !d->pkt || !d->decoded || !d->out || !d->fmt) { ret = AVERROR(ENOMEM); goto fail; }
    d->fmt->interrupt_callback.callback = interrupt_cb;
    d->fmt->interrupt_callback.opaque = d;

    stage = "no allowed protocols or containers given";
    if (!protocols || !*protocols || !formats || !*formats) { ret = AVERROR(EINVAL); goto fail; }
    stage = "cannot open the input";
    if ((ret = cv_open_input(&d->fmt, &d->pb, url, protocols, formats, d->error, sizeof d->error)) < 0) goto fail;
    /* The ffmpeg CLI decodes a few frames first to learn what the header may not say (avformat_find_stream_info, ~25 ms
     * for a 1080p H.264 clip). The ISO-BMFF and Matroska headers already give the codec and picture size, and the
     * filter chain is set up from the first decoded frame, so for those it is skipped. */
    if (!header_is_complete(d->fmt)) {
        stage = "cannot read the stream information";
        if ((ret = avformat_find_stream_info(d->fmt, NULL)) < 0) goto fail;
    }

    /* -map 0:V:0 -an -sn -dn: the first video stream that is not an attached picture (cover art); the rest is skipped. */
    stage = "no video stream";
    d->stream = -1;
    for (unsigned i = 0; i < d->fmt->nb_streams; i++) {
        AVStream *s = d->fmt->streams[i];
        if (d->stream < 0 && s->codecpar->codec_type == AVMEDIA_TYPE_VIDEO && !(s->disposition & AV_DISPOSITION_ATTACHED_PIC))
            d->stream = (int)i;
        else
            s->discard = AVDISCARD_ALL;
    }
    if (d->stream < 0) { ret = AVERROR_STREAM_NOT_FOUND; goto fail; }
    AVStream *st = d->fmt->streams[d->stream];
    stage = "no decoder for the video codec";
    const AVCodec *codec = avcodec_find_decoder(st->codecpar->codec_id);
    if (!codec) { ret = AVERROR_DECODER_NOT_FOUND; goto fail; }

    stage = "cannot open the video decoder";
    if (!(d->dec = avcodec_alloc_context3(codec))) { ret = AVERROR(ENOMEM); goto fail; }
    if ((ret = avcodec_parameters_to_context(d->dec, st->codecpar)) < 0) goto fail;
    d->dec->pkt_timebase = st->time_base;
    d->dec->thread_count = threads;
    if ((ret = avcodec_open2(d->dec, codec, NULL)) < 0) goto fail;

    d->rate = av_guess_frame_rate(d->fmt, st, NULL);
    d->ts_offset = d->fmt->start_time == AV_NOPTS_VALUE ? 0 : -av_rescale_q(d->fmt->start_time, AV_TIME_BASE_Q, st->time_base);
    d->keyframes_after = INT64_MAX;
    if (keyframes_after_ms >= 0 && key_gap_ms > 0) {
        d->keyframes_after = av_rescale_q(keyframes_after_ms, (AVRational){1, 1000}, st->time_base) - d->ts_offset;
        d->key_gap = av_rescale_q(key_gap_ms, (AVRational){1, 1000}, st->time_base);
    }
    *result = d;
    return 0;

fail:
    if (ret != CV_REFUSED_CONTAINER) set_error(d, stage, ret);
    if (err && errlen > 0) snprintf(err, (size_t)errlen, "%s", d->error);
    cv_close(d);
    return ret;
}

/* A packet's time as the index keeps it: its decoding time (MP4), else its presentation time (Matroska's blocks carry
 * only that, and its cues are keyframes' presentation times). */
static int64_t index_time(const AVPacket *pkt) { return pkt->dts != AV_NOPTS_VALUE ? pkt->dts : pkt->pts; }

/* Whether the GOP that starts at the keyframe whose index time is t is short (<= key_gap to the next keyframe, or to the stream's end),
 * from the container's index (MP4's sync-sample table, Matroska's cues); unknown counts as long. */
static int gop_is_short(const cv_decoder *d, int64_t t)
{
    AVStream *st = d->fmt->streams[d->stream];
    int n = avformat_index_get_entries_count(st);
    int i = av_index_search_timestamp(st, t, AVSEEK_FLAG_ANY);
    if (i < 0 || n <= 0) return 0;
    const AVIndexEntry *here = avformat_index_get_entry(st, i);
    if (!here || here->timestamp != t) return 0;
    for (int j = i + 1; j < n; j++) {
        const AVIndexEntry *e = avformat_index_get_entry(st, j);
        if (e && (e->flags & AVINDEX_KEYFRAME)) return e->timestamp - here->timestamp <= d->key_gap;
    }
    const AVIndexEntry *last = avformat_index_get_entry(st, n - 1);
    return last && last->timestamp - here->timestamp < d->key_gap; /* the last GOP: to the last frame */
}

/* Feeds the decoder one packet of the video stream (or the end). 0: fed, 1: nothing left to feed, < 0: error. */
static int feed_decoder(cv_decoder *d)
{
    if (d->input_ended) return 1;
    for (;;) {
        int ret = av_read_frame(d->fmt, d->pkt);
        if (ret < 0) {
            if (ret == AVERROR_EXIT || atomic_load(&d->interrupted)) { set_error(d, "interrupted", AVERROR_EXIT); return AVERROR_EXIT; }
            /* End of file, or a truncated or damaged file: like the ffmpeg CLI, decode what was read. */
            d->input_ended = 1;
            avcodec_send_packet(d->dec, NULL);
            return 0;
        }
        if (d->pkt->stream_index != d->stream) { av_packet_unref(d->pkt); continue; }
        if (d->keyframes_after != INT64_MAX) {
            int64_t t = index_time(d->pkt);
            if (d->pkt->flags & AV_PKT_FLAG_KEY)
                d->drop_gop = t != AV_NOPTS_VALUE && t >= d->keyframes_after && gop_is_short(d, t);
            else if (d->drop_gop) { av_packet_unref(d->pkt); continue; }
        }
        ret = avcodec_send_packet(d->dec, d->pkt);
        av_packet_unref(d->pkt);
        /* A damaged packet is skipped, as the ffmpeg CLI does; the caller notices when no frame ever comes. */
        if (ret < 0 && ret != AVERROR_INVALIDDATA && ret != AVERROR(EAGAIN)) { set_error(d, "decoding failed", ret); return ret; }
        return 0;
    }
}

CV_EXPORT int cv_next(cv_decoder *d, const uint8_t **data, int *linesize, int *width, int *height)
{
    if (!d) return AVERROR(EINVAL);
    av_frame_unref(d->out);
    for (;;) {
        if (atomic_load(&d->interrupted)) { set_error(d, "interrupted", AVERROR_EXIT); return AVERROR_EXIT; }
        if (d->graph) {
            int ret = av_buffersink_get_frame(d->sink, d->out);
            if (ret >= 0) {
                *data = d->out->data[0];
                *linesize = d->out->linesize[0];
                *width = d->out->width;
                *height = d->out->height;
                return 1;
            }
            if (ret == AVERROR_EOF) return 0;
            if (ret != AVERROR(EAGAIN)) { set_error(d, "filtering failed", ret); return ret; }
        }
        if (d->decoder_flushed) {
            if (!d->graph) return 0; /* no frame was ever decoded */
            /* As the ffmpeg CLI: the stream ends where its last frame ends, so the fps filter emits the samples up to there. */
            int ret = av_buffersrc_close(d->src, d->end_pts, AV_BUFFERSRC_FLAG_PUSH);
            if (ret < 0 && ret != AVERROR_EOF) { set_error(d, "filtering failed", ret); return ret; }
            d->graph_flushed = 1;
            continue;
        }
        int ret = avcodec_receive_frame(d->dec, d->decoded);
        if (ret == AVERROR(EAGAIN)) {
            if ((ret = feed_decoder(d)) < 0) return ret;
            continue;
        }
        if (ret == AVERROR_EOF) { d->decoder_flushed = 1; continue; }
        if (ret < 0) { set_error(d, "decoding failed", ret); return ret; }

        AVFrame *f = d->decoded;
        int64_t pts = f->best_effort_timestamp;
        f->pts = pts == AV_NOPTS_VALUE ? AV_NOPTS_VALUE : pts + d->ts_offset;
        if (f->pts != AV_NOPTS_VALUE) d->end_pts = f->pts + frame_duration(d, f);
        if (!d->graph || f->width != d->graph_w || f->height != d->graph_h || f->format != d->graph_fmt) {
            /* The first frame, or the picture changed size mid-stream: (re)build the chain for it. */
            if ((ret = build_graph(d, f)) < 0) { av_frame_unref(f); set_error(d, "cannot set up the filters", ret); return ret; }
        }
        ret = av_buffersrc_add_frame_flags(d->src, f, 0);
        av_frame_unref(f);
        if (ret < 0) { set_error(d, "filtering failed", ret); return ret; }
    }
}
