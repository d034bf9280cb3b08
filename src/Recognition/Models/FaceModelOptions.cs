namespace Classroom.Recognition.Models;

/// <summary>How much ONNX Runtime rewrites a graph when it loads it (its GraphOptimizationLevel).</summary>
public enum OnnxOptimization
{
    /// <summary>Everything, including the CPU's blocked (NCHWc) convolution layout: fastest to run, slowest to load.</summary>
    All,

    /// <summary>Node fusions without the layout change.</summary>
    Extended,

    /// <summary>Constant folding and redundant-node removal only.</summary>
    Basic,

    /// <summary>The graph as built.</summary>
    None,
}

/// <summary>Where the face models come from and how ONNX Runtime runs them (section "Classroom:Faces").</summary>
public sealed class FaceModelOptions
{
    public const string SectionName = "Classroom:Faces";

    /// <summary>The face-api <c>model/</c> folder; empty: found beside the app or under node_modules.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Where built ONNX graphs are cached; empty: <c>.classroom/cache</c> under the current folder's repo, else the temp folder.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>ONNX Runtime intra-op threads per session; 0 lets ORT choose (one per core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Graph optimisation at load; <c>classroom bench engine --ort</c> compares the levels (All won).</summary>
    public OnnxOptimization Optimization { get; set; } = OnnxOptimization.All;

    /// <summary>
    /// Whether idle intra-op threads spin waiting for work (ORT's default) instead of sleeping at once. Off by
    /// default: on the 2-core box with other work running, SSD per 720p frame (2 threads) took a median 115 ms
    /// without spinning vs 282 ms with it, Tiny 5 vs 38 ms — spinning threads steal the core the busy one needs.
    /// </summary>
    public bool ThreadSpinning { get; set; }

    /// <summary>ONNX Runtime's CPU memory arena (reuses activation buffers between runs; ORT's default).</summary>
    public bool MemoryArena { get; set; } = true;
}
