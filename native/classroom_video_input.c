/*
 * classroom_video_input: how the decoder opens a video, confined to the video itself. A file can name other
 * resources that a demuxer would open: an HLS playlist or DASH manifest its entries (file:///… reads the host's
 * files), a concat script the files it lists. So the input is opened through the caller's protocols only ("file",
 * DecoderInputs.Protocols in src/Recognition.Video/DecoderInputs.cs), its container is detected and refused unless
 * it is on the caller's list of demuxers (VideoContainers.Whitelist in src/Recognition.Video/VideoContainers.cs)
 * before any of it is parsed, and the demuxer is given no way to open anything else.
 */
#include "classroom_video.h"

#include <libavutil/avstring.h>
#include <libavutil/dict.h>
#include <stdio.h>

/* Whatever a demuxer would open besides its input (an MP4's external data references, were they ever enabled; the
 * entries of a playlist, were one let through) gets this instead of libavformat's opener: a video is read as itself. */
static int refuse_nested_open(AVFormatContext *s, AVIOContext **pb, const char *url, int flags, AVDictionary **options)
{
    (void)s, (void)pb, (void)url, (void)flags, (void)options;
    return AVERROR(EPERM);
}

/* Opens the input through the allowed protocols, detects its container as avformat_open_input does (content first,
 * the name's extension as a hint) and refuses one not on the list. libavformat then checks both lists again itself
 * (protocol_whitelist, format_whitelist) as it probes the same bytes. *fmt must be allocated, with its interrupt
 * callback set; *pb is the caller's to close (custom I/O: avformat_close_input leaves it open). */
int cv_open_input(AVFormatContext **fmt, AVIOContext **pb, const char *url, const char *protocols, const char *formats,
                  char *refused, size_t refused_len)
{
    AVDictionary *opts = NULL;
    av_dict_set(&opts, "protocol_whitelist", protocols, 0);
    int ret = avio_open2(pb, url, AVIO_FLAG_READ, &(*fmt)->interrupt_callback, &opts);
    av_dict_free(&opts);
    if (ret < 0) return ret;

    const AVInputFormat *detected = NULL;
    if ((ret = av_probe_input_buffer2(*pb, &detected, url, NULL, 0, 0)) < 0) return ret;
    if (av_match_list(detected->name, formats, ',') <= 0) {
        snprintf(refused, refused_len, "%s", detected->name);
        return CV_REFUSED_CONTAINER;
    }

    (*fmt)->pb = *pb;
    (*fmt)->flags |= AVFMT_FLAG_CUSTOM_IO;
    (*fmt)->io_open = refuse_nested_open;
    av_dict_set(&opts, "protocol_whitelist", protocols, 0);
    av_dict_set(&opts, "format_whitelist", formats, 0);
    ret = avformat_open_input(fmt, url, NULL, &opts); /* probes again, from the rewound buffer, as the ffmpeg CLI would */
    av_dict_free(&opts);
    return ret;
}
