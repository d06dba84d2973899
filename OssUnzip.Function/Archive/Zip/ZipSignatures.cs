namespace OssUnzip.Function.Archive.Zip;

/// <summary>Record signatures and sizes from the ZIP application note (APPNOTE.TXT).</summary>
internal static class ZipSignatures
{
    public const uint CentralDirectoryRecord = 0x02014b50;
    public const uint EndOfCentralDirectory = 0x06054b50;
    public const uint Zip64EndOfCentralDirectory = 0x06064b50;
    public const uint Zip64Locator = 0x07064b50;

    public const int CentralDirectoryRecordFixedSize = 46;
    public const int EndOfCentralDirectorySize = 22;
    public const int Zip64EndOfCentralDirectorySize = 56;
    public const int Zip64LocatorSize = 20;
    public const ushort Zip64ExtraFieldId = 0x0001;

    public const ushort Mask16 = 0xFFFF;
    public const uint Mask32 = 0xFFFFFFFF;
}
