namespace OssUnzip.Function.Archive.Writing;

/// <summary>Where a front-to-back archive reader hands each entry it reads (see <see cref="ArchiveWriter.WriteSequentialAsync"/>).</summary>
internal interface ISequentialEntrySink
{
    /// <summary>
    /// Reads exactly <paramref name="length"/> bytes of <paramref name="content"/> into object
    /// <paramref name="key"/>; returns once the content is read (its upload may still be in flight).
    /// </summary>
    /// <param name="modifiedUnixSeconds">The entry's modification time, written as mtime when the target asks for it.</param>
    /// <param name="declaredCrc">The CRC-32 the archive declares for the content (7z), checked before the last byte is uploaded; null when it declares none (tar).</param>
    /// <returns>The CRC-32 of the content, for the manifest, and the upload (in flight or done).</returns>
    Task<SequentialWrite> WriteAsync(string entryName, string key, string contentType, long? modifiedUnixSeconds, Stream content, long length, uint? declaredCrc, CancellationToken cancellationToken);
}
