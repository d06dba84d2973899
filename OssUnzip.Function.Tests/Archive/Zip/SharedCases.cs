using System.Text;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Archive.Zip;

/// <summary>
/// The shared fault cases (Archive/Zip/Cases/&lt;case&gt;/input.zip, see the README there) and what a
/// correct expansion writes for each, as their READMEs state it: keys relative to the output folder.
/// </summary>
internal static class SharedCases
{
    public const string Zip64ExtraDifferential = "zip64-extra-differential";
    public const string FakeEndRecord = "fake-end-record";
    public const string EndRecordCountZero = "end-record-count-zero";

    public static byte[] Input(string caseName) =>
        File.ReadAllBytes(RepositoryRoot.Combine("OssUnzip.Function.Tests", "Archive", "Zip", "Cases", caseName, "input.zip"));

    public static IReadOnlyDictionary<string, byte[]> Zip64ExtraDifferentialOutput { get; } = Utf8(("a", "GOOD-ok\n"));

    public static IReadOnlyDictionary<string, byte[]> FakeEndRecordOutput { get; } = Utf8(
        ("file1.txt", "content one\n"),
        ("file2.txt", "content two\n"),
        ("docs/file3.txt", "content three\n"));

    /// <summary>Uploaded as zip/c21/BaseSynchronousData.zip: the single top folder is flattened.</summary>
    public static IReadOnlyDictionary<string, byte[]> EndRecordCountZeroOutput { get; } = Utf8(
        ("areas.json", "[{\"id\":1,\"name\":\"north\"}]\n"),
        ("users.json", string.Concat(Enumerable.Repeat("[{\"id\":7}]\n", 5))),
        ("items.csv", "id,qty\n1,4\n2,9\n"),
        ("version.txt", "20190927\n"));

    private static Dictionary<string, byte[]> Utf8(params (string Key, string Content)[] files) =>
        files.ToDictionary(f => f.Key, f => Encoding.UTF8.GetBytes(f.Content));
}
