using System.Security.Cryptography;
using System.Text;

namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>The bytes an object must hold, as length and SHA-256 so multi-gigabyte cases need no buffer.</summary>
internal sealed record ExpectedContent(long Length, string Sha256Hex)
{
    public static ExpectedContent Of(byte[] bytes) => new(bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes)));

    public static ExpectedContent Of(string text) => Of(Encoding.UTF8.GetBytes(text));

    public static ExpectedContent Zeros(long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[1 << 20];
        for (var left = length; left > 0; left -= chunk.Length)
        {
            hash.AppendData(chunk, 0, (int)Math.Min(left, chunk.Length));
        }

        return new ExpectedContent(length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public static async Task<ExpectedContent> OfStreamAsync(Stream content, CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long length = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            length += read;
        }

        return new ExpectedContent(length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
