namespace OssUnzip.Function.Storage;

/// <summary>How a <see cref="RangedReadStream"/> sizes and resumes its ranged GETs.</summary>
/// <param name="ReadAheadBytes">Length of a GET opened without a span (see RangedReadStream.ReadUntil) or past it; bounds the bytes wasted when a reader seeks away.</param>
/// <param name="MaxSkipBytes">A forward seek up to this many bytes reads through the open response instead of reopening.</param>
/// <param name="ResumeAttempts">Reopens from the current offset after a dropped or failed response, before giving up.</param>
/// <param name="ResumeBaseDelay">First pause before a reopen; doubles per attempt.</param>
public sealed record RangedReadSettings(long ReadAheadBytes, long MaxSkipBytes, int ResumeAttempts, TimeSpan ResumeBaseDelay)
{
    public static RangedReadSettings Default { get; } = new(8L << 20, 256L << 10, 3, TimeSpan.FromMilliseconds(200));
}
