using System.Globalization;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>Kubernetes resource quantities as the manifests here write them ("500m", "1", "768Mi", "2Gi").</summary>
internal static class Quantity
{
    private static readonly (string Suffix, long Factor)[] s_binarySuffixes =
    [
        ("Ki", 1L << 10),
        ("Mi", 1L << 20),
        ("Gi", 1L << 30),
    ];

    public static long Bytes(string quantity)
    {
        foreach (var (suffix, factor) in s_binarySuffixes)
        {
            if (quantity.EndsWith(suffix, StringComparison.Ordinal))
            {
                return long.Parse(quantity[..^suffix.Length], NumberStyles.Integer, CultureInfo.InvariantCulture) * factor;
            }
        }

        return long.Parse(quantity, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    public static int MilliCpu(string quantity) =>
        quantity.EndsWith('m')
            ? int.Parse(quantity[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture)
            : (int)(decimal.Parse(quantity, NumberStyles.Number, CultureInfo.InvariantCulture) * 1000);
}
