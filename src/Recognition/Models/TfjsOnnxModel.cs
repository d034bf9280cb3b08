using Classroom.Recognition.Models.Tfjs;
using Microsoft.ML.OnnxRuntime;

namespace Classroom.Recognition.Models;

/// <summary>
/// Opens one face-api network on ONNX Runtime: the ONNX graph built from its TF.js weights, cached by
/// <see cref="OnnxModelCache"/>. A warm start only hashes the weight files; they are decoded only to build a graph.
/// </summary>
internal static class TfjsOnnxModel
{
    public static InferenceSession Open(FaceModelOptions models, string manifestFile, string graphName, int graphVersion, Func<TfjsWeights, byte[]> build)
    {
        ArgumentNullException.ThrowIfNull(models);
        var manifest = Path.Combine(ModelFiles.FindModelDirectory(models), manifestFile);
        if (!File.Exists(manifest))
        {
            throw new FileNotFoundException($"Face model weights '{manifestFile}' are missing from the face-api model folder.", manifest);
        }

        var path = OnnxModelCache.GetOrBuild(ModelFiles.FindCacheDirectory(models), graphName, graphVersion,
            TfjsWeights.SourceHashOf(manifest), () => build(TfjsWeights.Load(manifest)));
        return OnnxSessions.Create(path, models);
    }
}
