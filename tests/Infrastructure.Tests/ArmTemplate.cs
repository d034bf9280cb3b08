using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Classroom.Infrastructure.Tests;

/// <summary>A resource found in a compiled template (its own template: the module that holds it, or the root).</summary>
internal sealed record ArmResource(string Type, JsonObject Node, ArmTemplate Template)
{
    public JsonObject Properties => Node["properties"]?.AsObject() ?? [];

    /// <summary>The value a simple expression of this resource takes with the root template's defaults.</summary>
    public string? Resolve(JsonNode? value) => Template.Resolve(value);
}

/// <summary>A compiled ARM template (bicep build output), walking modules (nested deployments) recursively.</summary>
internal sealed partial class ArmTemplate
{
    private readonly ArmTemplate? _parent;
    private readonly JsonObject? _module;

    private ArmTemplate(JsonObject root, ArmTemplate? parent, JsonObject? module)
    {
        Root = root;
        _parent = parent;
        _module = module;
    }

    public JsonObject Root { get; }

    public string Text => Root.ToJsonString();

    public static ArmTemplate Load(string fileName)
    {
        var path = Path.Combine(Repo.ArmDirectory, fileName);
        Assert.True(File.Exists(path), $"{path} is missing: the BicepLintAndBuild target writes it when the project builds");
        return new ArmTemplate(JsonNode.Parse(File.ReadAllText(path))!.AsObject(), null, null);
    }

    /// <summary>Every resource here and in every module, depth first.</summary>
    public IEnumerable<ArmResource> AllResources()
    {
        foreach (var node in ResourceNodes(Root))
        {
            var type = (string?)node["type"] ?? "";
            yield return new ArmResource(type, node, this);
            if (type == "Microsoft.Resources/deployments" && node["properties"]?["template"] is JsonObject inner)
            {
                foreach (var nested in new ArmTemplate(inner, this, node).AllResources())
                {
                    yield return nested;
                }
            }
        }
    }

    public IReadOnlyList<ArmResource> OfType(string type) =>
        AllResources().Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    public ArmResource Single(string type)
    {
        var found = OfType(type);
        Assert.True(found.Count == 1, $"expected exactly one {type}, found {found.Count}");
        return found[0];
    }

    /// <summary>
    /// Follows "[parameters('x')]" (and "[format('…{0}…', parameters('x'))]") through the module
    /// parameter values up to the root template's default. Literals come back as they are; any other
    /// expression gives null.
    /// </summary>
    public string? Resolve(JsonNode? value)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.ToString();
        if (!text.StartsWith('['))
        {
            return text;
        }

        var parameter = ParameterExpression().Match(text);
        if (parameter.Success)
        {
            return ParameterValue(parameter.Groups[1].Value);
        }

        var format = FormatExpression().Match(text);
        if (format.Success)
        {
            var inner = ParameterValue(format.Groups[2].Value);
            return inner is null ? null : format.Groups[1].Value.Replace("{0}", inner, StringComparison.Ordinal);
        }

        return null;
    }

    /// <summary>The raw expression a module passes for one of its parameters (null at the root).</summary>
    public JsonNode? PassedValue(string parameter) => _module?["properties"]?["parameters"]?[parameter]?["value"];

    private string? ParameterValue(string name) =>
        _parent is null
            ? Root["parameters"]?[name]?["defaultValue"] is JsonValue d ? Resolve(d) : null
            : _parent.Resolve(PassedValue(name));

    private static IEnumerable<JsonObject> ResourceNodes(JsonObject template) =>
        template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>(), // languageVersion 2.0
            _ => [],
        };

    [GeneratedRegex(@"^\[parameters\('(\w+)'\)\]$")]
    private static partial Regex ParameterExpression();

    [GeneratedRegex(@"^\[format\('([^']*)', parameters\('(\w+)'\)\)\]$")]
    private static partial Regex FormatExpression();
}
