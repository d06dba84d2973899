using System.Text;

namespace OssUnzip.Function.Archive.Names;

/// <summary>The encoding <see cref="NameEncodingDetector"/> chose (strict: throws on bytes it cannot map) and what the choice rests on.</summary>
internal sealed record DetectedNameEncoding(Encoding Encoding, string Reason);
