namespace OssUnzip.Function.Archive;

/// <summary>The <c>code</c> of an archive-level note in reports and manifests.</summary>
public static class ArchiveNoteCodes
{
    /// <summary>
    /// The end record (or the ZIP64 end record) declares an entry count, directory size or directory
    /// offset that disagrees with the other end record or with the sound directory it points to; the
    /// directory was expanded as it stands.
    /// </summary>
    public const string EndRecordMismatch = "end-record-mismatch";

    /// <summary>More than one end record was found; the one named in the message was chosen because its directory is real.</summary>
    public const string EndRecordChosen = "end-record-chosen";

    /// <summary>
    /// The chosen end record declares a comment that runs past the end of the file (a truncated comment);
    /// no end record with a whole comment pointed to a real directory, so this one was used.
    /// </summary>
    public const string EndRecordCommentTruncated = "end-record-comment-truncated";
}
