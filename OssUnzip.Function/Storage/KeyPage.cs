namespace OssUnzip.Function.Storage;

/// <summary>One page of a listing: its keys in order, and the marker of the next page (null on the last).</summary>
public sealed record KeyPage(IReadOnlyList<string> Keys, string? NextMarker);
