using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Tests.Archive.Zip;

/// <summary>What <see cref="ViewPipeline"/> read: per central index, the content and the archive position of the first data byte.</summary>
internal sealed record ViewReading(ZipLayout Layout, IReadOnlyDictionary<int, byte[]> Contents, IReadOnlyDictionary<int, long> FirstDataReads);
