using System.Text.Json;

namespace OssUnzip.Local.EventBridge.Patterns;

/// <summary>numeric: one condition ("=", "&gt;", "&gt;=", "&lt;", "&lt;=") or two that bound a range; JSON numbers only.</summary>
internal sealed class NumericMatcher(IReadOnlyList<(string Operator, double Operand)> conditions) : IValueMatcher
{
    public static readonly IReadOnlySet<string> Operators = new HashSet<string>(StringComparer.Ordinal) { "=", ">", ">=", "<", "<=" };

    public bool Matches(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        var number = value.GetDouble();
        return conditions.All(c => c.Operator switch
        {
            "=" => number.Equals(c.Operand),
            ">" => number > c.Operand,
            ">=" => number >= c.Operand,
            "<" => number < c.Operand,
            "<=" => number <= c.Operand,
            _ => false,
        });
    }
}
