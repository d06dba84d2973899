namespace OssUnzip.Function.Expansion;

/// <summary>Page sizes of the inspect endpoint.</summary>
public static class InspectionLimits
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}
