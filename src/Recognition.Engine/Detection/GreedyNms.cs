namespace Classroom.Recognition.Detection;

/// <summary>A candidate box (any consistent units: left, top, right, bottom) with its score and source index.</summary>
public readonly record struct Candidate(float Left, float Top, float Right, float Bottom, float Score, int Index)
{
    public float Area => Math.Max(0, Right - Left) * Math.Max(0, Bottom - Top);
}

/// <summary>
/// Greedy non-maximum suppression as face-api does it (src/ssdMobilenetv1/nonMaxSuppression.ts and
/// src/ops/nonMaxSuppression.ts): most confident first; a box is dropped when its IoU with an already kept
/// box exceeds the threshold; stop at <c>maxResults</c>.
/// </summary>
public static class GreedyNms
{
    /// <summary>Keeps the surviving candidates, most confident first (ties: lower index first).</summary>
    public static List<Candidate> Run(List<Candidate> candidates, float iouThreshold, int maxResults)
    {
        candidates.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index));
        var kept = new List<Candidate>();
        foreach (var candidate in candidates)
        {
            if (kept.Count >= maxResults)
            {
                break;
            }

            var suppressed = false;
            foreach (var other in kept)
            {
                if (IoU(candidate, other) > iouThreshold)
                {
                    suppressed = true;
                    break;
                }
            }

            if (!suppressed)
            {
                kept.Add(candidate);
            }
        }

        return kept;
    }

    /// <summary>Intersection over union; 0 when either box is empty (as face-api's SSD IOU returns).</summary>
    public static float IoU(in Candidate a, in Candidate b)
    {
        float areaA = a.Area, areaB = b.Area;
        if (areaA <= 0 || areaB <= 0)
        {
            return 0;
        }

        var width = Math.Max(0, Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left));
        var height = Math.Max(0, Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top));
        var intersection = width * height;
        return intersection / (areaA + areaB - intersection);
    }
}
