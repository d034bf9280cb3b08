// face-api itself as the reference for network parity: runs tests/parity/faceapi-ref.mjs (Node, TF.js WASM
// backend, offline) on a tensor or an RGB image and returns its outputs. Full contract: docs/parity.md.
//
//   [FaceApiFact]                                          // skips with a visible reason when Node/face-api are absent
//   public void My_graph_matches_face_api()
//   {
//       var input = FaceApiReference.RandomPixels(seed: 1, 1, 150, 150, 3);   // NHWC, 0..255, not normalised
//       var reference = FaceApiReference.Run(FaceApiNet.Descriptor, input);
//       float[] mine = /* feed input.ToNchw() (or input.Data) to the ONNX graph */;
//       FaceApiReference.AssertClose(reference["descriptor"].Data, mine, 1e-3f, "descriptor");
//   }
//
// Or let face-api preprocess an image: Run(FaceApiNet.Ssd, rgbImage) and feed reference["input"] (the exact
// padded, resized [1,S,S,3] tensor face-api fed its net) to the graph. Output names per net:
//   Descriptor: descriptor [N,128] · Landmarks68: raw [N,136], landmarks [N,136]
//   Ssd: boxEncodings [1,5118,1,4], classLogits [1,5118,3], anchors [1,5118,4], boxes [1,5118,4], scores [1,5118]
//   Tiny: grid [1,S/32,S/32,25]; detectors also fill Detections (pixels of the input).
// RunChain(rgbImage) runs face-api's whole pipeline (SSD -> 68 landmarks -> descriptor) and returns its faces.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Classroom.Recognition.Imaging;

namespace Classroom.Recognition.Tests.Parity;

/// <summary>The face-api networks the harness drives (request names in brackets).</summary>
public enum FaceApiNet
{
    /// <summary>faceRecognitionNet ("descriptor"): input [N,150,150,3].</summary>
    Descriptor,

    /// <summary>faceLandmark68Net ("landmarks68"): input [N,112,112,3].</summary>
    Landmarks68,

    /// <summary>ssdMobilenetv1 ("ssd"): input [1,512,512,3].</summary>
    Ssd,

    /// <summary>tinyFaceDetector ("tiny"): input [1,S,S,3], S = inputSize (default 416).</summary>
    Tiny,
}

/// <summary>Detector options passed to face-api; null means face-api's default.</summary>
public sealed record FaceApiOptions(double? MinConfidence = null, int? MaxResults = null, int? InputSize = null, double? ScoreThreshold = null);

/// <summary>A face-api detection: score and box [x, y, w, h] in pixels of the input.</summary>
public sealed record FaceApiDetection(double Score, double X, double Y, double Width, double Height);

/// <summary>One face from face-api's whole pipeline: detection, 68 landmarks (pixels) and its 128-d descriptor.</summary>
public sealed record FaceApiFace(FaceApiDetection Detection, IReadOnlyList<(double X, double Y)> Landmarks, float[] Descriptor);

/// <summary>What face-api produced: named tensors (see the header) and, for detectors, its final detections.</summary>
public sealed record FaceApiResult(FaceApiNet Net, int InputSize, IReadOnlyDictionary<string, FaceApiTensor> Outputs, IReadOnlyList<FaceApiDetection> Detections)
{
    public FaceApiTensor this[string name] => Outputs.TryGetValue(name, out var t)
        ? t
        : throw new KeyNotFoundException($"face-api gave no output '{name}' for {Net}; it gave: {string.Join(", ", Outputs.Keys)}.");
}

/// <summary>Runs face-api (Node) as the parity reference.</summary>
public static class FaceApiReference
{
    /// <summary>The script, relative to the repository root.</summary>
    public const string ScriptPath = "tests/parity/faceapi-ref.mjs";

    private static readonly Lazy<(string? Root, string? Unavailable)> Probe = new(ProbeEnvironment);

    /// <summary>The repository root (where tests/parity lives), or null when not found.</summary>
    public static string? RepositoryRoot => Probe.Value.Root;

    /// <summary>Null when Node, the script and face-api's models are all present; otherwise why not.</summary>
    public static string? UnavailableReason => Probe.Value.Unavailable;

    /// <summary>The square input size face-api's forwardInput builds for the net.</summary>
    public static int InputSize(FaceApiNet net, int tinyInputSize = 416) => net switch
    {
        FaceApiNet.Descriptor => 150,
        FaceApiNet.Landmarks68 => 112,
        FaceApiNet.Ssd => 512,
        _ => tinyInputSize,
    };

    /// <summary>
    /// Feeds a network input tensor (RGB 0..255, not normalised; NHWC [N,S,S,3] or NCHW [N,3,S,S], see
    /// <see cref="FaceApiTensor.Layout"/>) to face-api's forwardInput for the net.
    /// </summary>
    public static FaceApiResult Run(FaceApiNet net, FaceApiTensor input, FaceApiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ReadResult(net, Invoke(RequestName(net), options, dir =>
        {
            var file = Path.Combine(dir, "input.f32");
            File.WriteAllBytes(file, MemoryMarshal.AsBytes(input.Data.AsSpan()).ToArray());
            return new JsonObject
            {
                ["tensor"] = file,
                ["shape"] = new JsonArray([.. input.Shape.Select(d => (JsonNode)d)]),
                ["layout"] = input.Layout == FaceApiLayout.Nchw ? "nchw" : "nhwc",
            };
        }));
    }

    /// <summary>Lets face-api preprocess an RGB image (pad to square, bilinear resize) and run the net on it.</summary>
    public static FaceApiResult Run(FaceApiNet net, RgbImage image, FaceApiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return ReadResult(net, Invoke(RequestName(net), options, dir => WriteImage(dir, image)));
    }

    /// <summary>face-api's whole pipeline on an image (detectAllFaces with SSD, landmarks, descriptors).</summary>
    public static IReadOnlyList<FaceApiFace> RunChain(RgbImage image, FaceApiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (json, _) = Invoke("chain", options, dir => WriteImage(dir, image));
        return [.. json["faces"]!.AsArray().Select(f => new FaceApiFace(
            ReadDetection(f!),
            [.. f!["landmarks"]!.AsArray().Select(p => ((double)p![0]!, (double)p[1]!))],
            [.. f["descriptor"]!.AsArray().Select(v => (float)v!)]))];
    }

    private static JsonObject WriteImage(string dir, RgbImage image)
    {
        var file = Path.Combine(dir, "image.rgb");
        File.WriteAllBytes(file, image.Pixels);
        return new JsonObject { ["image"] = file, ["width"] = image.Width, ["height"] = image.Height };
    }

    /// <summary>Deterministic pseudo-random pixels 0..255 (fractional) in the given NHWC shape: a generic net input.</summary>
    public static FaceApiTensor RandomPixels(int seed, params int[] nhwc)
    {
        var random = new Random(seed);
        var data = new float[nhwc.Aggregate(1, (a, b) => checked(a * b))];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)(random.NextDouble() * 255);
        }

        return new FaceApiTensor(nhwc, data);
    }

    /// <summary>Largest |a[i] - b[i]|; the arrays must have the same length.</summary>
    public static float MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Lengths differ: {a.Length} vs {b.Length}.", nameof(b));
        }

        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            var d = MathF.Abs(a[i] - b[i]);
            max = float.IsNaN(d) ? float.PositiveInfinity : MathF.Max(max, d);
        }

        return max;
    }

    /// <summary>Asserts max |expected - actual| ≤ tolerance, naming the worst index and both values.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: face-api gave {expected.Length} values, ours {actual.Length}.");
        var worst = 0;
        for (var i = 1; i < expected.Length; i++)
        {
            if (!(MathF.Abs(expected[i] - actual[i]) <= MathF.Abs(expected[worst] - actual[worst])))
            {
                worst = i;
            }
        }

        var diff = MaxAbsDiff(expected, actual);
        Assert.True(diff <= tolerance,
            $"{what}: max |face-api - ours| = {diff:G4} > {tolerance:G4} at [{worst}] (face-api {expected[worst]:G6}, ours {actual[worst]:G6}).");
    }

    /// <summary>Runs one request in a fresh temporary folder; returns result.json and the output tensors it names.</summary>
    private static (JsonNode Json, Dictionary<string, FaceApiTensor> Outputs) Invoke(string net, FaceApiOptions? options, Func<string, JsonObject> writeInput)
    {
        var root = Probe.Value.Root ?? throw new InvalidOperationException($"face-api reference unavailable: {UnavailableReason}");
        var dir = Directory.CreateTempSubdirectory("faceapi-ref-").FullName;
        try
        {
            var request = writeInput(dir);
            request["net"] = net;
            request["out"] = Path.Combine(dir, "out");
            request["options"] = JsonSerializer.SerializeToNode(options ?? new FaceApiOptions(), JsonOptions);
            var stdout = RunNode(root, [ScriptPath, "-"], request.ToJsonString());
            var json = JsonNode.Parse(stdout.Trim().Split('\n')[^1])
                ?? throw new InvalidDataException($"face-api reference printed no result: {stdout}");
            var outputs = new Dictionary<string, FaceApiTensor>(StringComparer.Ordinal);
            foreach (var (name, node) in json["outputs"]!.AsObject())
            {
                var shape = node!["shape"]!.AsArray().Select(d => (int)d!).ToArray();
                var bytes = File.ReadAllBytes(Path.Combine(dir, "out", (string)node["file"]!));
                outputs[name] = new FaceApiTensor(shape, MemoryMarshal.Cast<byte, float>(bytes).ToArray());
            }

            return (json, outputs);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static string RequestName(FaceApiNet net) => net switch
    {
        FaceApiNet.Descriptor => "descriptor",
        FaceApiNet.Landmarks68 => "landmarks68",
        FaceApiNet.Ssd => "ssd",
        FaceApiNet.Tiny => "tiny",
        _ => throw new ArgumentOutOfRangeException(nameof(net), net, null),
    };

    private static FaceApiResult ReadResult(FaceApiNet net, (JsonNode Json, Dictionary<string, FaceApiTensor> Outputs) run) =>
        new(net, (int)run.Json["inputSize"]!, run.Outputs,
            [.. (run.Json["detections"]?.AsArray() ?? []).Select(d => ReadDetection(d!))]);

    private static FaceApiDetection ReadDetection(JsonNode d)
    {
        var b = d["box"]!.AsArray().Select(v => (double)v!).ToArray();
        return new FaceApiDetection((double)d["score"]!, b[0], b[1], b[2], b[3]);
    }

    private static string RunNode(string root, string[] args, string stdin)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        // A reference run takes 1-3 s (model load + one forward pass); two minutes means something hangs.
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', args)} did not finish within 2 minutes.");
        }

        var stderr = stderrTask.GetAwaiter().GetResult();
        var stdout = stdoutTask.GetAwaiter().GetResult();
        return process.ExitCode == 0
            ? stdout
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"node {string.Join(' ', args)} exited with {process.ExitCode}: {stderr.Trim()}"));
    }

    private static (string? Root, string? Unavailable) ProbeEnvironment()
    {
        var root = FindRepositoryRoot();
        if (root is null)
        {
            return (null, $"{ScriptPath} not found above {AppContext.BaseDirectory}.");
        }

        if (!Directory.Exists(Path.Combine(root, "node_modules/@vladmandic/face-api/model")))
        {
            return (null, "node_modules/@vladmandic/face-api is not installed: run scripts/setup.sh (npm ci).");
        }

        try
        {
            _ = RunNode(root, ["--version"], "");
            return (root, null);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (null, $"Node.js is not on PATH ({e.Message}); the parity tests need Node 20+ (see README Requirements).");
        }
    }

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, ScriptPath)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
