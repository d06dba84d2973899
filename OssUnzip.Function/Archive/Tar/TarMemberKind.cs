namespace OssUnzip.Function.Archive.Tar;

/// <summary>What a tar member is, from its type flag (POSIX ustar, GNU and pax; docs/facts.md §15).</summary>
internal enum TarMemberKind
{
    File,
    Directory,
    Symlink,
    HardLink,

    /// <summary>Character or block device, FIFO, or a type this reader does not write (volume label, multi-volume part...).</summary>
    Special,
}
