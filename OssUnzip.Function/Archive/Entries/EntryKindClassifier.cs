namespace OssUnzip.Function.Archive.Entries;

/// <summary>
/// Tells files, directories and symbolic links apart from central directory fields.
/// The host system is the high byte of "version made by"; only Unix-like hosts (3 Unix, 19 OS X) put a
/// <c>st_mode</c> in the high 16 bits of the external attributes, so only they can declare a symlink or a
/// Unix directory. The low byte holds MS-DOS attributes for every host (Info-ZIP and 7-Zip fill it on
/// Unix too). A symlink is checked first: whatever else it claims, it is never written.
/// </summary>
internal static class EntryKindClassifier
{
    private const byte HostUnix = 3;
    private const byte HostOsX = 19;
    private const uint MsDosDirectoryAttribute = 0x10;
    private const uint UnixFileTypeMask = 0xF000;
    private const uint UnixDirectory = 0x4000;
    private const uint UnixSymlink = 0xA000;

    public static EntryKind Classify(ushort versionMadeBy, uint externalAttributes, string decodedName)
    {
        ArgumentNullException.ThrowIfNull(decodedName);

        var host = (byte)(versionMadeBy >> 8);
        var hasUnixMode = host is HostUnix or HostOsX;
        var unixFileType = (externalAttributes >> 16) & UnixFileTypeMask;

        if (hasUnixMode && unixFileType == UnixSymlink)
        {
            return EntryKind.Symlink;
        }

        if (decodedName.EndsWith('/')
            || decodedName.EndsWith('\\')
            || (externalAttributes & MsDosDirectoryAttribute) != 0
            || (hasUnixMode && unixFileType == UnixDirectory))
        {
            return EntryKind.Directory;
        }

        return EntryKind.File;
    }
}
