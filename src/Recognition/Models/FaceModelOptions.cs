namespace Classroom.Recognition.Models;

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
}
