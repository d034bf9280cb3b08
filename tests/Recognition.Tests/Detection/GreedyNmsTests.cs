using Classroom.Recognition.Detection;

namespace Classroom.Recognition.Tests.Detection;

public sealed class GreedyNmsTests
{
    [Fact]
    public void Keeps_the_best_of_overlapping_boxes_and_separate_ones_most_confident_first()
    {
        List<Candidate> candidates =
        [
            new(0, 0, 10, 10, 0.8f, 0),
            new(1, 0, 11, 10, 0.9f, 1),   // IoU with #0 = 90/110 = 0.82: suppresses it
            new(20, 20, 30, 30, 0.7f, 2), // apart
            new(5, 0, 15, 10, 0.6f, 3),   // IoU with #1 = 60/140 = 0.43: kept at 0.5, dropped at 0.4
        ];

        Assert.Equal([1, 2, 3], GreedyNms.Run([.. candidates], 0.5f, 100).Select(c => c.Index));
        Assert.Equal([1, 2], GreedyNms.Run([.. candidates], 0.4f, 100).Select(c => c.Index));
        Assert.Equal([1], GreedyNms.Run([.. candidates], 0.5f, 1).Select(c => c.Index));
        Assert.Empty(GreedyNms.Run([], 0.5f, 100));
    }

    [Fact]
    public void An_empty_box_overlaps_nothing()
    {
        Assert.Equal(0f, GreedyNms.IoU(new Candidate(0, 0, 0, 10, 1, 0), new Candidate(0, 0, 10, 10, 1, 1)));
        Assert.Equal(1f, GreedyNms.IoU(new Candidate(0, 0, 10, 10, 1, 0), new Candidate(0, 0, 10, 10, 1, 1)));
    }
}
