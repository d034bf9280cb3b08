using Classroom.Recognition.Video;

namespace Classroom.Recognition.Tests.Video;

/// <summary>ffmpeg's error output becomes one short reason that is the same for the same file in every run.</summary>
public sealed class FFmpegErrorsTests
{
    private const string Input = "/videos/x.mp4";

    [Fact]
    public void Memory_addresses_in_log_prefixes_are_removed()
    {
        var one = FFmpegErrors.Summarise(["[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55ae4f2c1180] moov atom not found"], Input);
        var other = FFmpegErrors.Summarise(["[mov,mp4,m4a,3gp,3g2,mj2 @ 0x5608134a5180] moov atom not found"], Input);

        Assert.Equal("[mov,mp4,m4a,3gp,3g2,mj2] moov atom not found", one);
        Assert.Equal(one, other);
    }

    [Fact]
    public void Offsets_and_other_numbers_in_the_message_are_kept()
    {
        Assert.Equal(
            "[mov,mp4,m4a,3gp,3g2,mj2] stream 0, offset 0x30: partial file",
            FFmpegErrors.Summarise(["[mov,mp4,m4a,3gp,3g2,mj2 @ 0x557a340a8d80] stream 0, offset 0x30: partial file"], Input));
    }

    [Fact]
    public void The_last_line_counts_and_the_input_path_is_left_out()
    {
        // As FFMpegCore's exception message carries ffprobe's stderr: several lines in one string.
        Assert.Equal(
            "Invalid data found when processing input",
            FFmpegErrors.Summarise(["[mov,mp4,m4a,3gp,3g2,mj2 @ 0x26b3b2c0] moov atom not found\n" + Input + ": Invalid data found when processing input", string.Empty], Input));
    }

    [Theory]
    [InlineData("[hls @ 0x55989616f280] Format not on whitelist 'mov,matroska'", "hls")]
    [InlineData("[hls,applehttp @ 0x1e65cc00] Format not on whitelist 'mov,matroska'", "hls,applehttp")]
    [InlineData("[jpeg_pipe @ 0x55d0c2a3e1c0] Format not on whitelist 'mov,matroska'", "jpeg_pipe")]
    public void A_demuxer_refused_by_the_whitelist_is_named(string line, string demuxer)
    {
        Assert.Equal(demuxer, FFmpegErrors.RefusedDemuxer(["Input options", line, Input + ": Invalid argument"]));
    }

    [Fact]
    public void Other_failures_name_no_refused_demuxer()
    {
        Assert.Null(FFmpegErrors.RefusedDemuxer(["[mov,mp4,m4a,3gp,3g2,mj2 @ 0x26b3b2c0] moov atom not found", Input + ": Invalid data found when processing input"]));
    }
}
