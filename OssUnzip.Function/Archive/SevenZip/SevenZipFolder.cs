namespace OssUnzip.Function.Archive.SevenZip;

/// <summary>A 7z folder (a solid block): the chain of coders its packed streams go through.</summary>
internal sealed record SevenZipFolder(IReadOnlyList<SevenZipCoder> Coders, long UnpackSize)
{
    public bool IsEncrypted => Coders.Any(c => c.IsEncryption);
}
