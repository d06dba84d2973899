using System.Globalization;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Names;
using OssUnzip.Function.Configuration;

namespace OssUnzip.Function.Archive;

/// <summary>Collects every problem with the Archive settings into one message naming the keys.</summary>
internal sealed class ArchiveOptionsValidator : IValidateOptions<ArchiveOptions>
{
    private static string Key(string property) => SettingKey.For(ArchiveOptions.SectionName, property);

    private const int MinPartSize = 100 * 1024;

    public ValidateOptionsResult Validate(string? name, ArchiveOptions options)
    {
        var errors = new List<string>();
        Require(errors, options.MaxEntries >= 1, Key(nameof(ArchiveOptions.MaxEntries)), "must be at least 1", options.MaxEntries);
        Require(errors, options.MaxTotalUncompressedBytes >= 1, Key(nameof(ArchiveOptions.MaxTotalUncompressedBytes)), "must be at least 1", options.MaxTotalUncompressedBytes);
        Require(errors, options.MaxCompressionRatio >= 1, Key(nameof(ArchiveOptions.MaxCompressionRatio)), "must be at least 1", options.MaxCompressionRatio);
        Require(errors, options.ReadConcurrency is >= 1 and <= 64, Key(nameof(ArchiveOptions.ReadConcurrency)), "must be 1..64", options.ReadConcurrency);
        Require(errors, options.UploadConcurrency is >= 1 and <= 512, Key(nameof(ArchiveOptions.UploadConcurrency)), "must be 1..512", options.UploadConcurrency);
        Require(errors, options.MaxUploadConcurrency == 0 || (options.MaxUploadConcurrency >= options.UploadConcurrency && options.MaxUploadConcurrency <= 512), Key(nameof(ArchiveOptions.MaxUploadConcurrency)), $"must be 0 (fixed) or {Key(nameof(ArchiveOptions.UploadConcurrency))}..512", options.MaxUploadConcurrency);
        Require(errors, options.PartSizeBytes >= MinPartSize, Key(nameof(ArchiveOptions.PartSizeBytes)), "must be at least 102400 (OSS's minimum part size)", options.PartSizeBytes);
        Require(errors, options.MaxBufferedBytes >= 2L * options.PartSizeBytes, Key(nameof(ArchiveOptions.MaxBufferedBytes)), $"must hold at least two parts (2 × {Key(nameof(ArchiveOptions.PartSizeBytes))})", options.MaxBufferedBytes);
        Require(errors, options.BatchBytes >= 1, Key(nameof(ArchiveOptions.BatchBytes)), "must be at least 1", options.BatchBytes);
        Require(errors, options.BatchEntries >= 1, Key(nameof(ArchiveOptions.BatchEntries)), "must be at least 1", options.BatchEntries);
        Require(errors, options.ReadAheadBytes >= 64 * 1024, Key(nameof(ArchiveOptions.ReadAheadBytes)), "must be at least 65536", options.ReadAheadBytes);
        Require(errors, options.MaxDictionaryBytes >= 1L << 20, Key(nameof(ArchiveOptions.MaxDictionaryBytes)), "must be at least 1048576", options.MaxDictionaryBytes);
        if (!NameEncodingSetting.TryParse(options.NameEncoding, out _))
        {
            errors.Add($"{NameEncodingSetting.Key} must be {NameEncodingSetting.AcceptedValues} (was '{options.NameEncoding}').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Require(List<string> errors, bool condition, string key, string rule, long value)
    {
        if (!condition)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key} {rule} (was {value})."));
        }
    }
}
