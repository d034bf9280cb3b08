using System.Text.Json;

namespace Classroom.ModelBuilder.Tfjs;

/// <summary>One named weight tensor from a TF.js weights manifest, dequantized to float32 (int32 kept as float).</summary>
public sealed record TfjsTensor(string Name, int[] Shape, float[] Data);

/// <summary>
/// Reads a TF.js "weights_manifest.json" and the .bin shards it names (the format of tfjs-converter,
/// as face-api ships its models). Quantized weights are dequantized as tfjs-core's io does:
/// value = q * scale + min.
/// </summary>
public sealed class TfjsWeights
{
    private readonly Dictionary<string, TfjsTensor> _tensors;

    private TfjsWeights(Dictionary<string, TfjsTensor> tensors) => _tensors = tensors;

    public TfjsTensor this[string name] => _tensors.TryGetValue(name, out var t)
        ? t
        : throw new KeyNotFoundException($"Weight '{name}' is not in the manifest.");

    /// <summary>Loads a manifest such as ".../model/face_recognition_model-weights_manifest.json".</summary>
    public static TfjsWeights Load(string manifestPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var tensors = new Dictionary<string, TfjsTensor>(StringComparer.Ordinal);
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        foreach (var group in manifest.RootElement.EnumerateArray())
        {
            var shards = ShardPaths(group, directory).Select(File.ReadAllBytes).ToList();
            var buffer = shards.Count == 1 ? shards[0] : shards.SelectMany(s => s).ToArray();
            var offset = 0;
            foreach (var weight in group.GetProperty("weights").EnumerateArray())
            {
                var tensor = ReadTensor(weight, buffer, ref offset, manifestPath);
                tensors[tensor.Name] = tensor;
            }

            if (offset != buffer.Length)
            {
                throw new InvalidDataException($"{manifestPath}: the manifest describes {offset} bytes but the shards hold {buffer.Length}.");
            }
        }

        return new TfjsWeights(tensors);
    }

    private static IEnumerable<string> ShardPaths(JsonElement group, string directory) =>
        group.GetProperty("paths").EnumerateArray().Select(p => Path.Combine(directory, p.GetString()!));

    private static TfjsTensor ReadTensor(JsonElement weight, byte[] buffer, ref int offset, string source)
    {
        var name = weight.GetProperty("name").GetString()!;
        var shape = weight.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        var count = shape.Aggregate(1, (a, b) => checked(a * b));
        var dtype = weight.GetProperty("dtype").GetString();
        var data = new float[count];

        if (weight.TryGetProperty("quantization", out var q))
        {
            var qtype = q.GetProperty("dtype").GetString();
            var scale = q.GetProperty("scale").GetSingle();
            var min = q.GetProperty("min").GetSingle();
            var width = qtype switch
            {
                "uint8" => 1,
                "uint16" => 2,
                _ => throw new InvalidDataException($"{source}: weight '{name}' has unsupported quantization '{qtype}'."),
            };
            Need(buffer, offset, count * width, name, source);
            for (var i = 0; i < count; i++)
            {
                int raw = width == 1 ? buffer[offset + i] : BitConverter.ToUInt16(buffer, offset + (2 * i));
                data[i] = (raw * scale) + min;
            }

            offset += count * width;
            return new TfjsTensor(name, shape, data);
        }

        Need(buffer, offset, count * 4, name, source);
        for (var i = 0; i < count; i++)
        {
            data[i] = dtype switch
            {
                "float32" => BitConverter.ToSingle(buffer, offset + (4 * i)),
                "int32" => BitConverter.ToInt32(buffer, offset + (4 * i)),
                _ => throw new InvalidDataException($"{source}: weight '{name}' has unsupported dtype '{dtype}'."),
            };
        }

        offset += count * 4;
        return new TfjsTensor(name, shape, data);
    }

    private static void Need(byte[] buffer, int offset, int bytes, string name, string source)
    {
        if (offset + bytes > buffer.Length)
        {
            throw new InvalidDataException($"{source}: weight '{name}' runs past the end of the shards.");
        }
    }
}
