/*
 * classroom_video_rotation: turning a video upright from its display matrix (a phone held upright stores its picture
 * on its side), by the rules the ffmpeg command line autorotates with, so both decoders give the same frames.
 */
#include "classroom_video.h"

#include <libavutil/display.h>
#include <math.h>
#include <stdio.h>

/* fftools/cmdutils.c get_rotation (FFmpeg 5.1): degrees clockwise, in [0, 360). */
static double get_rotation(const int32_t *matrix)
{
    double theta = matrix ? -round(av_display_rotation_get(matrix)) : 0;
    theta -= 360 * floor(theta / 360 + 0.9 / 360);
    return theta;
}

static const int32_t *display_matrix(const AVStream *st)
{
#if LIBAVFORMAT_VERSION_MAJOR >= 61
    const AVPacketSideData *sd = av_packet_side_data_get(st->codecpar->coded_side_data, st->codecpar->nb_coded_side_data,
                                                         AV_PKT_DATA_DISPLAYMATRIX);
    return sd && sd->size >= 9 * sizeof(int32_t) ? (const int32_t *)sd->data : NULL;
#else
    size_t size = 0;
    const uint8_t *data = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &size);
    return data && size >= 9 * sizeof(int32_t) ? (const int32_t *)data : NULL;
#endif
}

/* The autorotate filters of fftools/ffmpeg_filter.c configure_input_video_filter (FFmpeg 5.1), as a chain prefix. */
void cv_rotation_filters(const AVStream *st, char *buf, size_t len)
{
    const int32_t *m = display_matrix(st);
    double theta = get_rotation(m);
    buf[0] = 0;
    if (fabs(theta - 90) < 1.0)
        snprintf(buf, len, "transpose=%s,", m && m[3] > 0 ? "cclock_flip" : "clock");
    else if (fabs(theta - 180) < 1.0)
        snprintf(buf, len, "%s%s", m && m[0] < 0 ? "hflip," : "", m && m[4] < 0 ? "vflip," : "");
    else if (fabs(theta - 270) < 1.0)
        snprintf(buf, len, "transpose=%s,", m && m[3] < 0 ? "clock_flip" : "cclock");
    else if (fabs(theta) > 1.0)
        snprintf(buf, len, "rotate=%f,", theta * M_PI / 180);
    else if (m && m[4] < 0)
        snprintf(buf, len, "vflip,");
}
