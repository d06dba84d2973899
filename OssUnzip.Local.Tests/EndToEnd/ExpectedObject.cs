namespace OssUnzip.Local.Tests.EndToEnd;

/// <summary>What an entry must become: an object of this size whose bytes have this MD5 (lower-case hex).</summary>
internal sealed record ExpectedObject(long Size, string Md5);
