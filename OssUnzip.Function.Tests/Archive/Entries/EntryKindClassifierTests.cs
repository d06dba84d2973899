using OssUnzip.Function.Archive.Entries;

namespace OssUnzip.Function.Tests.Archive.Entries;

internal sealed class EntryKindClassifierTests
{
    private const ushort MsDos = 0x0014;
    private const ushort Unix = 0x031E;
    private const ushort OsX = 0x1314;
    private const ushort Ntfs = 0x0A14;

    // Values as real tools wrote them (see the corpus): Info-ZIP on Linux, 7-Zip, jar, bsdtar.
    [TestCase(Unix, 0x81A4_0000u, "a.txt", EntryKind.File, TestName = "Info-ZIP file 0644")]
    [TestCase(Unix, 0x41ED_0010u, "sub/", EntryKind.Directory, TestName = "Info-ZIP folder")]
    [TestCase(Unix, 0xA1FF_0000u, "link", EntryKind.Symlink, TestName = "Info-ZIP -y symlink")]
    [TestCase((ushort)0x033F, 0xA1FF_8020u, "link", EntryKind.Symlink, TestName = "7-Zip symlink")]
    [TestCase((ushort)0x033F, 0x81A4_8020u, "a.txt", EntryKind.File, TestName = "7-Zip file")]
    [TestCase((ushort)0x0314, 0x41ED_0000u, "sub/", EntryKind.Directory, TestName = "bsdtar folder")]
    [TestCase(MsDos, 0x0000_0000u, "sub/", EntryKind.Directory, TestName = "jar folder: trailing slash only")]
    [TestCase(MsDos, 0x0000_0020u, "a.txt", EntryKind.File, TestName = "MS-DOS archive bit")]
    [TestCase(MsDos, 0x0000_0010u, "folder", EntryKind.Directory, TestName = "MS-DOS directory attribute without slash")]
    [TestCase(Ntfs, 0x0000_0010u, "folder", EntryKind.Directory, TestName = "NTFS host directory attribute")]
    [TestCase(Unix, 0x41ED_0000u, "unixdir", EntryKind.Directory, TestName = "Unix S_IFDIR without slash")]
    [TestCase(OsX, 0xA1ED_0000u, "link", EntryKind.Symlink, TestName = "OS X host symlink")]
    [TestCase(MsDos, 0xA1FF_0000u, "notalink", EntryKind.File, TestName = "S_IFLNK bits from an MS-DOS host are not a mode")]
    [TestCase(Ntfs, 0x41ED_0000u, "notadir", EntryKind.File, TestName = "S_IFDIR bits from an NTFS host are not a mode")]
    [TestCase(Unix, 0xA1FF_0000u, "link/", EntryKind.Symlink, TestName = "Symlink wins over trailing slash")]
    [TestCase(MsDos, 0x0000_0000u, "win\\dir\\", EntryKind.Directory, TestName = "Trailing backslash")]
    [TestCase(Unix, 0x0000_0000u, "nomode.txt", EntryKind.File, TestName = "No mode at all")]
    [TestCase(Unix, 0xC1A4_0000u, "socket", EntryKind.File, TestName = "Other Unix file types are files")]
    public void Classify_CentralDirectoryFields_ReturnsKind(ushort versionMadeBy, uint externalAttributes, string name, EntryKind expected)
    {
        var kind = EntryKindClassifier.Classify(versionMadeBy, externalAttributes, name);

        Assert.That(kind, Is.EqualTo(expected));
    }
}
