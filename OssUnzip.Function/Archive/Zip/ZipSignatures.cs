namespace OssUnzip.Function.Archive.Zip;

/// <summary>Record signatures, extra-field ids and saturation masks from the ZIP application note (APPNOTE.TXT).</summary>
internal static class ZipSignatures
{
    public const uint LocalFileHeader = 0x04034b50;
    public const uint CentralDirectoryRecord = 0x02014b50;
    public const uint EndOfCentralDirectory = 0x06054b50;
    public const uint Zip64EndOfCentralDirectory = 0x06064b50;
    public const uint Zip64Locator = 0x07064b50;

    public const ushort Zip64ExtraFieldId = 0x0001;

    public const ushort Mask16 = 0xFFFF;
    public const uint Mask32 = 0xFFFFFFFF;
}
