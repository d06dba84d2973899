namespace OssUnzip.Function.Archive.Entries;

internal enum EntryKind
{
    /// <summary>Regular content, written as an object.</summary>
    File,

    /// <summary>A folder marker; writes nothing.</summary>
    Directory,

    /// <summary>A Unix symbolic link; skipped and reported, never followed or written.</summary>
    Symlink,
}
