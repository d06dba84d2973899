namespace OssUnzip.Function.Archive.Formats;

/// <summary>
/// Decides how an archive is read from what its bytes are, and refuses when its name promises something
/// else. The bytes decide: a recognised container we do not read (RAR, CAB, ISO, split ZIP parts) is
/// <c>unsupported-format</c> whatever its name; for every other suffix, a known signature the name does
/// not promise is <c>format-mismatch</c> and no signature at all is <c>not-an-archive</c>. A <c>.zip</c>
/// name otherwise always goes to the ZIP reader, which finds its end records wherever they are
/// (self-extracting and prefixed ZIPs) and answers <c>not-a-zip</c> itself, as it did before formats
/// were detected (the ZIP corpus and the inspector keep that answer). The suffixes here are the
/// ones Routing's ArchiveSuffixes accepts (the engine sits below routing and cannot read that list; a
/// test keeps the two equal).
/// </summary>
public static class ArchiveFormatResolver
{
    public static ArchiveFormat Resolve(string key, ArchiveSignature signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        var suffix = Suffixes.FirstOrDefault(s => key.EndsWith(s, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"'{key}' ends with no archive suffix the engine knows; Routing's ArchiveSuffixes and ArchiveFormatResolver have drifted.", nameof(key));
        if (UnsupportedName(signature) is { } container)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.UnsupportedFormat, $"'{key}' is a {container}, which this service recognises but does not expand; nothing was written.");
        }

        var promised = Promised(suffix);
        if (promised == ArchiveSignature.Zip)
        {
            // The ZIP reader stays the authority on .zip names (prepended data, self-extractors), as
            // before formats were detected: anything but a recognised unsupported container goes to it.
            return ArchiveFormat.Zip;
        }

        if (signature == ArchiveSignature.Unknown)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.NotAnArchive, $"'{key}' starts with no archive or compression signature this service knows; nothing was written.");
        }

        if (signature != promised)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.FormatMismatch, $"'{key}' is named as {Describe(promised)} but its bytes are {Describe(signature)}; nothing was written.");
        }

        return suffix switch
        {
            ".zip" => ArchiveFormat.Zip,
            ".tar" => ArchiveFormat.Tar,
            ".gz" => ArchiveFormat.Gzip,
            ".7z" => ArchiveFormat.SevenZip,
            _ => ArchiveFormat.CompressedTar(CompressionOf(signature)),
        };
    }

    /// <summary>Every suffix the engine reads, lower case, longest first.</summary>
    public static IReadOnlyList<string> Suffixes { get; } =
    [
        ".tar.bz2", ".tar.zst", ".tar.gz", ".tar.xz", ".tbz2", ".tzst", ".tar", ".tgz", ".txz", ".zip", ".rar", ".gz", ".7z",
    ];

    private static ArchiveSignature Promised(string suffix) => suffix switch
    {
        ".zip" => ArchiveSignature.Zip,
        ".tar" => ArchiveSignature.Tar,
        ".tar.gz" or ".tgz" or ".gz" => ArchiveSignature.Gzip,
        ".tar.bz2" or ".tbz2" => ArchiveSignature.Bzip2,
        ".tar.xz" or ".txz" => ArchiveSignature.Xz,
        ".tar.zst" or ".tzst" => ArchiveSignature.Zstd,
        ".7z" => ArchiveSignature.SevenZip,
        ".rar" => ArchiveSignature.Rar5,
        _ => throw new ArgumentException($"'{suffix}' is not an archive suffix this resolver knows; ArchiveSuffixes and ArchiveFormatResolver have drifted.", nameof(suffix)),
    };

    private static StreamCompression CompressionOf(ArchiveSignature signature) => signature switch
    {
        ArchiveSignature.Gzip => StreamCompression.Gzip,
        ArchiveSignature.Bzip2 => StreamCompression.Bzip2,
        ArchiveSignature.Xz => StreamCompression.Xz,
        ArchiveSignature.Zstd => StreamCompression.Zstd,
        _ => throw new ArgumentOutOfRangeException(nameof(signature), signature, "not a stream compression"),
    };

    private static string? UnsupportedName(ArchiveSignature signature) => signature switch
    {
        ArchiveSignature.Rar4 => "RAR 4 archive",
        ArchiveSignature.Rar5 => "RAR 5 archive",
        ArchiveSignature.Cab => "Microsoft Cabinet (CAB) file",
        ArchiveSignature.Iso9660 => "ISO 9660 disc image",
        ArchiveSignature.SplitZip => "part of a split (spanned) ZIP",
        _ => null,
    };

    private static string Describe(ArchiveSignature signature) => signature switch
    {
        ArchiveSignature.Zip => "a ZIP",
        ArchiveSignature.Tar => "a tar",
        ArchiveSignature.Gzip => "gzip",
        ArchiveSignature.Bzip2 => "bzip2",
        ArchiveSignature.Xz => "xz",
        ArchiveSignature.Zstd => "zstd",
        ArchiveSignature.SevenZip => "a 7z archive",
        _ => signature.ToString(),
    };
}
