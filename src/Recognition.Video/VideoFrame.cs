using Classroom.Recognition.Imaging;

namespace Classroom.Recognition.Video;

/// <summary>One sampled frame: its position in the sample sequence, its time in the video, and its pixels (display orientation).</summary>
/// <param name="Index">0 for the first sampled frame, then 1, 2, …</param>
/// <param name="Time">The sample's time from the start of the video (index / sampling rate); the frame is the one on screen then.</param>
/// <param name="Image">The frame, rotated upright per the video's rotation metadata and scaled to the working size.</param>
public sealed record VideoFrame(int Index, TimeSpan Time, RgbImage Image);
