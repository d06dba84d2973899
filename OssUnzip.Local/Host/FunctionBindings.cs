using System.Text.Json;
using OssUnzip.Local.Protos;

namespace OssUnzip.Local.Host;

/// <summary>
/// Reads the worker's raw binding JSON (the only binding form its metadata response carries) into
/// the typed bindings map a FunctionLoadRequest needs, and finds the HTTP trigger for routing.
/// </summary>
internal static class FunctionBindings
{
    public static void PopulateBindings(RpcFunctionMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        foreach (var raw in metadata.RawBindings)
        {
            using var binding = JsonDocument.Parse(raw);
            var root = binding.RootElement;
            var name = GetString(root, "name")
                ?? throw new InvalidOperationException($"A binding of function '{metadata.Name}' has no name.");
            metadata.Bindings[name] = new BindingInfo
            {
                Type = GetString(root, "type") ?? string.Empty,
                Direction = ParseDirection(GetString(root, "direction")),
                DataType = ParseDataType(GetString(root, "dataType")),
            };
        }
    }

    /// <summary>The function as an HTTP route, or null when it has no httpTrigger binding.</summary>
    public static HttpFunction? ToHttpFunction(RpcFunctionMetadata metadata, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        foreach (var raw in metadata.RawBindings)
        {
            using var binding = JsonDocument.Parse(raw);
            var root = binding.RootElement;
            if (!string.Equals(GetString(root, "type"), "httpTrigger", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var route = GetString(root, "route") ?? metadata.Name;
            var methods = root.TryGetProperty("methods", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(m => m.GetString() ?? string.Empty).ToList()
                : null;
            var template = string.IsNullOrEmpty(routePrefix) ? route.Trim('/') : $"{routePrefix}/{route.Trim('/')}";
            return new HttpFunction(metadata.FunctionId, metadata.Name, GetString(root, "name") ?? "req", template, methods);
        }

        return null;
    }

    private static string? GetString(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }

    private static BindingInfo.Types.Direction ParseDirection(string? direction) => direction?.ToUpperInvariant() switch
    {
        "OUT" => BindingInfo.Types.Direction.Out,
        "INOUT" => BindingInfo.Types.Direction.Inout,
        _ => BindingInfo.Types.Direction.In,
    };

    private static BindingInfo.Types.DataType ParseDataType(string? dataType) => dataType?.ToUpperInvariant() switch
    {
        "STRING" => BindingInfo.Types.DataType.String,
        "BINARY" => BindingInfo.Types.DataType.Binary,
        "STREAM" => BindingInfo.Types.DataType.Stream,
        _ => BindingInfo.Types.DataType.Undefined,
    };
}
