using System.Globalization;
using System.Net;
using System.Text.Json;

namespace OssUnzip.Local.EventBridge.Patterns;

/// <summary>Compiles pattern JSON into nodes, collecting every error with its JSON path.</summary>
internal static class EventPatternParser
{
    public static ObjectNode? ParseObject(JsonElement element, string path, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path} must be an object");
            return null;
        }

        var fields = new List<KeyValuePair<string, IPatternNode>>();
        foreach (var property in element.EnumerateObject())
        {
            var childPath = $"{path}.{property.Name}";
            IPatternNode? node = property.Value.ValueKind switch
            {
                JsonValueKind.Object => ParseObject(property.Value, childPath, errors),
                JsonValueKind.Array => ParseValueList(property.Value, childPath, errors),
                _ => null,
            };

            if (property.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                errors.Add($"{childPath} must be an array of values or a nested object");
            }

            if (node is not null)
            {
                fields.Add(new(property.Name, node));
            }
        }

        if (fields.Count == 0 && errors.Count == 0)
        {
            errors.Add($"{path} has no fields");
        }

        return new ObjectNode(fields);
    }

    private static ValueListNode? ParseValueList(JsonElement array, string path, List<string> errors)
    {
        if (array.GetArrayLength() == 0)
        {
            errors.Add($"{path} must not be an empty array");
            return null;
        }

        var matchers = new List<IValueMatcher>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var matcher = ParseMatcher(item, $"{path}[{index++}]", errors);
            if (matcher is not null)
            {
                matchers.Add(matcher);
            }
        }

        return new ValueListNode(matchers);
    }

    private static IValueMatcher? ParseMatcher(JsonElement item, string path, List<string> errors)
    {
        if (JsonValues.IsScalar(item))
        {
            return new ExactValueMatcher(item);
        }

        if (item.ValueKind != JsonValueKind.Object || item.EnumerateObject().Count() != 1)
        {
            errors.Add($"{path} must be a value or an object with exactly one operator");
            return null;
        }

        var op = item.EnumerateObject().First();
        var operand = op.Value;
        var opPath = $"{path}.{op.Name}";
        switch (op.Name)
        {
            case "prefix":
                return RequireString(operand, opPath, errors) is { } prefix ? StringMatcher.Prefix(prefix) : null;
            case "suffix":
                return RequireString(operand, opPath, errors) is { } suffix ? StringMatcher.Suffix(suffix) : null;
            case "contains":
                return RequireString(operand, opPath, errors) is { } part ? StringMatcher.Contains(part) : null;
            case "anything-but":
                return ParseAnythingBut(operand, opPath, errors);
            case "numeric":
                return ParseNumeric(operand, opPath, errors);
            case "cidr":
                return ParseCidr(operand, opPath, errors);
            case "exists":
                if (operand.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    return new ExistsMatcher(operand.GetBoolean());
                }

                errors.Add($"{opPath} must be true or false");
                return null;
            default:
                errors.Add($"{path} uses unknown operator '{op.Name}'");
                return null;
        }
    }

    private static AnythingButMatcher? ParseAnythingBut(JsonElement operand, string path, List<string> errors)
    {
        if (JsonValues.IsScalar(operand))
        {
            return new AnythingButMatcher([new ExactValueMatcher(operand)]);
        }

        if (operand.ValueKind == JsonValueKind.Array && operand.GetArrayLength() > 0
            && operand.EnumerateArray().All(e => e.ValueKind is JsonValueKind.String or JsonValueKind.Number))
        {
            return new AnythingButMatcher(operand.EnumerateArray().Select(e => (IValueMatcher)new ExactValueMatcher(e)).ToList());
        }

        if (operand.ValueKind == JsonValueKind.Object && operand.EnumerateObject().Count() == 1)
        {
            var inner = operand.EnumerateObject().First();
            if (inner.Name is "prefix" or "suffix" && RequireString(inner.Value, $"{path}.{inner.Name}", errors) is { } text)
            {
                return new AnythingButMatcher([inner.Name == "prefix" ? StringMatcher.Prefix(text) : StringMatcher.Suffix(text)]);
            }

            if (inner.Name is "prefix" or "suffix")
            {
                return null;
            }
        }

        errors.Add($"{path} must be a value, a non-empty list of strings or numbers, or {{\"prefix\": ...}}");
        return null;
    }

    private static NumericMatcher? ParseNumeric(JsonElement operand, string path, List<string> errors)
    {
        var items = operand.ValueKind == JsonValueKind.Array ? operand.EnumerateArray().ToList() : [];
        if (items.Count is not (2 or 4))
        {
            errors.Add($"{path} must be [op, number] or [op, number, op, number]");
            return null;
        }

        var conditions = new List<(string, double)>();
        for (var i = 0; i < items.Count; i += 2)
        {
            var op = items[i].ValueKind == JsonValueKind.String ? items[i].GetString()! : string.Empty;
            if (!NumericMatcher.Operators.Contains(op) || items[i + 1].ValueKind != JsonValueKind.Number)
            {
                errors.Add($"{path}[{i.ToString(CultureInfo.InvariantCulture)}] must be one of = > >= < <= followed by a number");
                return null;
            }

            conditions.Add((op, items[i + 1].GetDouble()));
        }

        if (conditions.Count == 2 && !IsRange(conditions[0].Item1, conditions[1].Item1))
        {
            errors.Add($"{path} with two conditions must pair a lower bound (> or >=) with an upper bound (< or <=)");
            return null;
        }

        return new NumericMatcher(conditions);
    }

    private static bool IsRange(string first, string second)
    {
        static bool Lower(string op) => op is ">" or ">=";
        static bool Upper(string op) => op is "<" or "<=";
        return (Lower(first) && Upper(second)) || (Upper(first) && Lower(second));
    }

    private static CidrMatcher? ParseCidr(JsonElement operand, string path, List<string> errors)
    {
        if (RequireString(operand, path, errors) is not { } text)
        {
            return null;
        }

        if (IPNetwork.TryParse(text, out var network) && network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return new CidrMatcher(network);
        }

        errors.Add($"{path} must be an IPv4 CIDR block such as 10.0.0.0/24");
        return null;
    }

    private static string? RequireString(JsonElement operand, string path, List<string> errors)
    {
        if (operand.ValueKind == JsonValueKind.String)
        {
            return operand.GetString();
        }

        errors.Add($"{path} must be a string");
        return null;
    }
}
