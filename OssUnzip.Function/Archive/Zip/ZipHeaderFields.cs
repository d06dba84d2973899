namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// Where each field of each ZIP record sits, and how long each record's fixed part is (APPNOTE.TXT 4.3.7,
/// 4.3.12, 4.3.14-4.3.16, 4.5.3). The one place these offsets are written: the directory reader, the
/// central entry, the local-header check and the synthesized directory all read and write through it,
/// the way System.Formats.Tar keeps FieldLocations and FieldLengths. All fields are little-endian.
/// </summary>
internal static class ZipHeaderFields
{
    /// <summary>Local file header (APPNOTE 4.3.7).</summary>
    internal static class Local
    {
        public const int Signature = 0;
        public const int VersionNeeded = 4;
        public const int Flags = 6;
        public const int Method = 8;
        public const int Time = 10;
        public const int Date = 12;
        public const int Crc32 = 14;
        public const int CompressedSize = 18;
        public const int UncompressedSize = 22;
        public const int NameLength = 26;
        public const int ExtraLength = 28;
        public const int FixedSize = 30;
    }

    /// <summary>Central directory file header (APPNOTE 4.3.12).</summary>
    internal static class Central
    {
        public const int Signature = 0;
        public const int VersionMadeBy = 4;
        public const int VersionNeeded = 6;
        public const int Flags = 8;
        public const int Method = 10;
        public const int Time = 12;
        public const int Date = 14;
        public const int Crc32 = 16;
        public const int CompressedSize = 20;
        public const int UncompressedSize = 24;
        public const int NameLength = 28;
        public const int ExtraLength = 30;
        public const int CommentLength = 32;
        public const int DiskStart = 34;
        public const int InternalAttributes = 36;
        public const int ExternalAttributes = 38;
        public const int LocalHeaderOffset = 42;
        public const int FixedSize = 46;
    }

    /// <summary>End of central directory record (APPNOTE 4.3.16).</summary>
    internal static class End
    {
        public const int Signature = 0;
        public const int Disk = 4;
        public const int DirectoryDisk = 6;
        public const int EntriesOnDisk = 8;
        public const int Entries = 10;
        public const int DirectorySize = 12;
        public const int DirectoryOffset = 16;
        public const int CommentLength = 20;
        public const int FixedSize = 22;
    }

    /// <summary>ZIP64 end of central directory record (APPNOTE 4.3.14), without its extensible data.</summary>
    internal static class Zip64End
    {
        public const int Signature = 0;
        public const int RecordSize = 4;
        public const int VersionMadeBy = 12;
        public const int VersionNeeded = 14;
        public const int Disk = 16;
        public const int DirectoryDisk = 20;
        public const int EntriesOnDisk = 24;
        public const int Entries = 32;
        public const int DirectorySize = 40;
        public const int DirectoryOffset = 48;
        public const int FixedSize = 56;

        /// <summary>The record-size field counts what follows it: the fixed size less the signature and itself.</summary>
        public const int SizeFieldExcludes = 12;
    }

    /// <summary>ZIP64 end of central directory locator (APPNOTE 4.3.15).</summary>
    internal static class Zip64Locator
    {
        public const int Signature = 0;
        public const int Disk = 4;
        public const int RecordOffset = 8;
        public const int TotalDisks = 16;
        public const int FixedSize = 20;
    }

    /// <summary>One block of an extra field (APPNOTE 4.5.1): a 2-byte id, a 2-byte data size, the data.</summary>
    internal static class ExtraBlock
    {
        public const int Id = 0;
        public const int DataSize = 2;
        public const int HeaderSize = 4;
    }

    /// <summary>General-purpose flag bits (APPNOTE 4.4.4).</summary>
    internal static class FlagBits
    {
        public const ushort Encrypted = 0x0001;
        public const ushort DataDescriptor = 0x0008;
        public const ushort StrongEncryption = 0x0040;
    }

    /// <summary>"Version needed to extract" values written in synthesized records (APPNOTE 4.4.3.2).</summary>
    internal static class Versions
    {
        public const ushort Default = 20;
        public const ushort Zip64 = 45;
    }
}
