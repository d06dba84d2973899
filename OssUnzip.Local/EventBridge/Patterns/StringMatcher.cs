using System.Text.Json;

namespace OssUnzip.Local.EventBridge.Patterns;

/// <summary>prefix / suffix / contains on string values, ordinal (case-sensitive). Non-strings never match.</summary>
internal sealed class StringMatcher : IValueMatcher
{
    private readonly string _operand;
    private readonly Func<string, string, bool> _test;

    private StringMatcher(string operand, Func<string, string, bool> test)
    {
        _operand = operand;
        _test = test;
    }

    public static StringMatcher Prefix(string prefix) => new(prefix, static (v, p) => v.StartsWith(p, StringComparison.Ordinal));

    public static StringMatcher Suffix(string suffix) => new(suffix, static (v, s) => v.EndsWith(s, StringComparison.Ordinal));

    public static StringMatcher Contains(string part) => new(part, static (v, p) => v.Contains(p, StringComparison.Ordinal));

    public bool Matches(JsonElement value) => value.ValueKind == JsonValueKind.String && _test(value.GetString()!, _operand);
}
