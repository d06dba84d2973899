using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Storage;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Archive.Streams;

/// <summary>
/// 7z through the real expander against a real s3rver, every archive made at test time by the real
/// 7-Zip (`7z a`) from one small shared tree: each method and filter, solid and not, encrypted data and
/// headers with right, wrong and missing passwords, and hostile or broken archives; and the inspect
/// endpoint's listing of a 7z, held to what the expansion then writes. The store is
/// wrapped to count the bytes the expander reads, so "each folder decoded once, front to back" is
/// checked against the archive's size.
/// </summary>
[Category("Integration")]
public sealed class SevenZipIntegrationTests() : ArchiveExpansionFixture("sevenzip", 48)
{
    private const string Password = "s3cret pass";

    /// <summary>The files every archive of the shared tree holds (with the empty folder "emptydir").</summary>
    private static readonly IReadOnlyDictionary<string, byte[]> Tree = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        ["docs/readme.txt"] = TestData.Text(5_000, 1),
        ["docs/deep/data.bin"] = TestData.Random(70_000, 2),
        ["empty.txt"] = [],
        ["中文 文件.txt"] = TestData.Text(300, 3),
        ["日本語/ファイル.txt"] = TestData.Text(200, 4),
    };

    /// <summary>docs, docs/deep, 日本語 and emptydir.</summary>
    private const int TreeDirectories = 4;

    private static readonly string[] TreeTopLevel = ["docs", "empty.txt", "中文 文件.txt", "日本語", "emptydir"];

    private string _tree = "";

    [OneTimeSetUp]
    public void CreateTree()
    {
        _tree = WriteTree("tree", Tree);
        Directory.CreateDirectory(Path.Combine(_tree, "emptydir"));
    }

    [TestCase("-m0=LZMA", "-ms=on")]
    [TestCase("-m0=LZMA2", "-ms=on")]
    [TestCase("-m0=LZMA2", "-ms=off")]
    [TestCase("-m0=PPMd", "-ms=on")]
    [TestCase("-m0=BZip2", "-ms=on")]
    [TestCase("-m0=Deflate", "-ms=off")]
    [TestCase("-m0=Copy", "-ms=off")]
    [TestCase("-mf=BCJ", "-ms=on")]
    [TestCase("-mf=BCJ2", "-ms=on")]
    public async Task ExpandAsync_EachMethod_WritesEveryFileReadingTheArchiveOnce(string method, string solid)
    {
        var archive = await SevenZipAsync($"m{method}{solid}", [method, solid]);
        var counter = new ByteCounter();

        var (report, bucket) = await ExpandAsync("x.7z", archive, configureServices: counter.Install);

        Assert.That(report.Format, Is.EqualTo("7z"));
        Assert.That(report.Directories, Is.EqualTo(TreeDirectories));
        await AssertBucketHoldsExactlyAsync(bucket, "x.7z", Tree, "7z");
        TestContext.Out.WriteLine($"{method} {solid}: archive {archive.Length} bytes, read {counter.BytesRead} in {report.GetRequests} GETs");
        Assert.That(counter.BytesRead, Is.LessThanOrEqualTo((archive.Length * 1.1) + (64 << 10)), "each folder decoded once: the archive read about once, plus the header");
    }

    [Test]
    public async Task ExpandAsync_UpperCaseSuffix_Expanded()
    {
        var archive = await SevenZipAsync("upper", ["-m0=LZMA2"]);

        var (_, bucket) = await ExpandAsync("X.7Z", archive);

        await AssertBucketHoldsExactlyAsync(bucket, "X.7Z", Tree, "7z");
    }

    [TestCase("-mhe=off")]
    [TestCase("-mhe=on")]
    public async Task ExpandAsync_EncryptedWithTheSecondPassword_WritesEveryFile(string headers)
    {
        var archive = await SevenZipAsync("aes" + headers, ["-p" + Password, headers]);

        var (report, bucket) = await ExpandAsync("secret.7z", archive, new Dictionary<string, string?> { ["Archive:Passwords"] = "not it," + Password });

        Assert.That(report.Format, Is.EqualTo("7z"));
        await AssertBucketHoldsExactlyAsync(bucket, "secret.7z", Tree, "7z");
    }

    [TestCase("-mhe=off", "-m0=LZMA2")]
    [TestCase("-mhe=on", "-m0=LZMA2")]
    [TestCase("-mhe=off", "-m0=Copy")]
    public async Task ExpandAsync_EncryptedWithWrongPasswords_RejectedWithNothingWritten(string headers, string method)
    {
        var archive = await SevenZipAsync("aes-wrong" + headers + method, ["-p" + Password, headers, method]);

        await AssertRejectedAsync("secret.7z", archive, ArchiveRejectionCodes.WrongPassword, new Dictionary<string, string?> { ["Archive:Passwords"] = "not it,nor this" });
    }

    [TestCase("-mhe=off")]
    [TestCase("-mhe=on")]
    public async Task ExpandAsync_EncryptedWithoutPasswords_RejectedAsPasswordRequired(string headers)
    {
        var archive = await SevenZipAsync("aes-none" + headers, ["-p" + Password, headers]);

        await AssertRejectedAsync("secret.7z", archive, ArchiveRejectionCodes.PasswordRequired);
    }

    [Test]
    public async Task ExpandAsync_Truncated_RejectedAsTruncatedWithNothingWritten()
    {
        var archive = await SevenZipAsync("truncated", ["-m0=LZMA2"]);

        await AssertRejectedAsync("cut.7z", archive[..(archive.Length / 2)], ArchiveRejectionCodes.Truncated);
    }

    [Test]
    public async Task ExpandAsync_CorruptedBlock_RejectedAsCorruptWithoutManifest()
    {
        // LZMA2 stores incompressible data as is, so flipped bytes in the random file decode "fine": only
        // the file's CRC-32 in the header tells, before its last byte is uploaded.
        var archive = await SevenZipAsync("corrupt", ["-m0=LZMA2", "-ms=on"]);
        var middle = 32 + ((archive.Length - 32) / 2);
        for (var i = middle; i < middle + 16; i++)
        {
            archive[i] ^= 0x5A;
        }

        var (outcome, bucket) = await PutAndExpandAsync("bad.7z", archive);

        var keys = await TestData.ListKeysAsync(Client, bucket);
        Assert.Multiple(() =>
        {
            Assert.That((outcome as RejectedOutcome)?.Code, Is.EqualTo(ArchiveRejectionCodes.EntryDataCorrupt), (outcome as RejectedOutcome)?.Reason);
            Assert.That(keys, Has.None.EndsWith("/.ossunzip/manifest.json"));
            Assert.That(keys, Has.None.EqualTo("unzip/bad/docs/deep/data.bin"), "the corrupt file is never completed");
        });
    }

    [Test]
    public async Task ExpandAsync_DictionaryAboveTheLimit_RejectedWithNothingWritten()
    {
        var source = WriteTree("dictionary", new Dictionary<string, byte[]> { ["big.txt"] = TestData.Text(1_500_000, 5) });
        var path = Path.Combine(WorkDirectory, "dictionary.7z");
        await ExternalTool.RunAsync("7z", source, ["a", "-bd", "-m0=LZMA2:d=2m", path, "big.txt"]);

        await AssertRejectedAsync("dict.7z", await File.ReadAllBytesAsync(path), ArchiveRejectionCodes.LimitExceeded, new Dictionary<string, string?> { ["Archive:MaxDictionaryBytes"] = "1048576" });
    }

    [Test]
    public async Task ExpandAsync_DeclaredSizesAboveTheLimit_RejectedWithNothingWritten()
    {
        var archive = await SevenZipAsync("over-limit", ["-m0=LZMA2"]);

        await AssertRejectedAsync("big.7z", archive, ArchiveRejectionCodes.LimitExceeded, new Dictionary<string, string?> { ["Archive:MaxTotalUncompressedBytes"] = "50000" });
    }

    [Test]
    public async Task ExpandAsync_AbsoluteAndParentNames_SanitizedAndListed()
    {
        // 7-Zip's -spf stores the paths as given: one absolute, one climbing out of the current folder.
        var outside = WriteTree("hostile-outside", new Dictionary<string, byte[]> { ["up.txt"] = "up"u8.ToArray() });
        var inside = WriteTree("hostile-inside", new Dictionary<string, byte[]> { ["abs.txt"] = "abs"u8.ToArray() });
        var path = Path.Combine(WorkDirectory, "hostile.7z");
        var absolute = Path.Combine(inside, "abs.txt");
        await ExternalTool.RunAsync("7z", inside, ["a", "-bd", "-spf", path, absolute, "../hostile-outside/up.txt"]);

        var (report, bucket) = await ExpandAsync("hostile.7z", await File.ReadAllBytesAsync(path));

        await AssertBucketHoldsExactlyAsync(bucket, "hostile.7z", new Dictionary<string, byte[]>
        {
            [absolute.TrimStart('/')] = "abs"u8.ToArray(),
            ["hostile-outside/up.txt"] = "up"u8.ToArray(),
        }, "7z");
        Assert.That(report.Renamed.Select(r => r.Entry), Is.EquivalentTo(new[] { absolute, "../hostile-outside/up.txt" }));
    }

    [Test]
    public async Task ExpandAsync_Symlink_SkippedAndListed()
    {
        var source = WriteTree("symlink", new Dictionary<string, byte[]> { ["target.txt"] = TestData.Text(100, 6) });
        File.CreateSymbolicLink(Path.Combine(source, "link"), "/etc/passwd");
        var path = Path.Combine(WorkDirectory, "symlink.7z");
        await ExternalTool.RunAsync("7z", source, ["a", "-bd", "-snl", path, "target.txt", "link"]);

        var (report, bucket) = await ExpandAsync("links.7z", await File.ReadAllBytesAsync(path));

        await AssertBucketHoldsExactlyAsync(bucket, "links.7z", new Dictionary<string, byte[]> { ["target.txt"] = TestData.Text(100, 6) }, "7z");
        Assert.That(report.Skipped.Select(s => (s.Entry, s.Code)), Is.EquivalentTo(new[] { ("link", "symlink") }));
    }

    [Test]
    public async Task ExpandAsync_SignatureThenGarbage_RejectedAsCorruptHeader()
    {
        var bytes = Encoding.Latin1.GetBytes("7z\u00BC\u00AF\x27\x1C").Concat(TestData.Random(4_000, 13)).ToArray();

        await AssertRejectedAsync("x.7z", bytes, ArchiveRejectionCodes.CorruptCentralDirectory);
    }

    [Test]
    public async Task InspectAsync_SolidLzma2WithASymlink_PlannedKeysAreWhatTheExpansionWritesAndNothingIsWritten()
    {
        // Arrange: the shared tree plus a symbolic link (-snl keeps it a link), paged 3 entries at a time.
        var source = WriteTree("inspect", Tree);
        File.CreateSymbolicLink(Path.Combine(source, "link"), "/etc/passwd");
        var path = Path.Combine(WorkDirectory, "inspect.7z");
        await ExternalTool.RunAsync("7z", source, ["a", "-bd", "-snl", "-m0=LZMA2", "-ms=on", path, .. TreeTopLevel.Where(t => t != "emptydir"), "link"]);
        var bucket = await PutInNewBucketAsync("zip/inspect.7z", await File.ReadAllBytesAsync(path));
        await using var host = CreateHost(bucket);

        // Act
        var (first, entries) = await InspectAllAsync(host, bucket, "zip/inspect.7z");
        var afterInspect = await TestData.ListKeysAsync(Client, bucket);
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/inspect.7z"), CancellationToken.None);

        // Assert
        var written = (await TestData.ListKeysAsync(Client, bucket, "unzip/inspect/")).Where(k => !k.Contains("/.ossunzip/", StringComparison.Ordinal));
        var files = entries.Where(e => e.Action == "write").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Status, Is.EqualTo(InspectionStatus.Inspected), first.Reason);
            Assert.That(afterInspect, Is.EqualTo(new List<string> { "zip/inspect.7z" }), "an inspection writes nothing");
            Assert.That(outcome, Is.TypeOf<ExpandedOutcome>());
            Assert.That(entries.Select(e => e.Index), Is.EqualTo(Enumerable.Range(0, first.TotalEntries)), "every entry once, in order, across pages");
            Assert.That(files.Select(e => e.TargetKey), Is.EquivalentTo(written));
            Assert.That(files.Select(e => e.TargetKey), Is.EquivalentTo(Tree.Keys.Select(k => "unzip/inspect/" + k)));
            Assert.That(entries.Where(e => e.Action == "skip").Select(e => (e.Name, e.Code)), Is.EqualTo(new[] { ("link", "symlink") }));
            Assert.That(entries.Count(e => e.Action == "directory"), Is.EqualTo(TreeDirectories - 1), "docs, docs/deep and 日本語");
            Assert.That(files, Has.All.Matches<InspectedEntry>(e => e.Method == null && e.CompressedSize == null && !e.Encrypted));
            var data = files.Single(e => e.Name == "docs/deep/data.bin");
            Assert.That(data.Size, Is.EqualTo(70_000));
            Assert.That(data.Crc32, Is.EqualTo(System.IO.Hashing.Crc32.HashToUInt32(Tree["docs/deep/data.bin"]).ToString("x8", CultureInfo.InvariantCulture)));
        }
    }

    [TestCase("-mhe=on", "", ArchiveRejectionCodes.PasswordRequired)]
    [TestCase("-mhe=on", "not it,nor this", ArchiveRejectionCodes.WrongPassword)]
    [TestCase("-mhe=off", "", ArchiveRejectionCodes.PasswordRequired)]
    public async Task InspectAsync_EncryptedWithoutTheRightPassword_RejectedAsTheExpansionWouldBe(string headers, string passwords, string code)
    {
        // Arrange
        var archive = await SevenZipAsync("inspect-aes" + headers, ["-p" + Password, headers]);
        var bucket = await PutInNewBucketAsync("zip/secret.7z", archive);
        await using var host = CreateHost(bucket, new Dictionary<string, string?> { ["Archive:Passwords"] = passwords });

        // Act
        var inspected = await host.Services.GetRequiredService<IArchiveInspector>().InspectAsync(bucket, "zip/secret.7z", 0, 100, CancellationToken.None);
        var expanded = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/secret.7z"), CancellationToken.None);

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(inspected.Status, Is.EqualTo(InspectionStatus.Rejected));
            Assert.That(inspected.RejectionCode, Is.EqualTo(code), inspected.Reason);
            Assert.That((expanded as RejectedOutcome)?.Code, Is.EqualTo(code));
        }
    }

    [Test]
    public async Task InspectAsync_EncryptedHeaderWithTheSecondPassword_ListsEncryptedFiles()
    {
        // Arrange
        var archive = await SevenZipAsync("inspect-aes-right", ["-p" + Password, "-mhe=on"]);
        var bucket = await PutInNewBucketAsync("zip/secret.7z", archive);
        await using var host = CreateHost(bucket, new Dictionary<string, string?> { ["Archive:Passwords"] = "not it," + Password });

        // Act
        var (first, entries) = await InspectAllAsync(host, bucket, "zip/secret.7z");

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Status, Is.EqualTo(InspectionStatus.Inspected), first.Reason);
            Assert.That(entries.Where(e => e.Action == "write").Select(e => e.TargetKey), Is.EquivalentTo(Tree.Keys.Select(k => "unzip/secret/" + k)));
            Assert.That(entries.Where(e => e.Action == "write" && e.Size > 0), Has.All.Matches<InspectedEntry>(e => e.Encrypted));
            Assert.That(await TestData.ListKeysAsync(Client, bucket), Is.EqualTo(new List<string> { "zip/secret.7z" }), "an inspection writes nothing");
        }
    }

    [Test]
    public async Task InspectAsync_DeclaredSizesAboveTheLimit_RejectedAsLimitExceeded()
    {
        // Arrange
        var archive = await SevenZipAsync("inspect-over-limit", ["-m0=LZMA2"]);
        var bucket = await PutInNewBucketAsync("zip/big.7z", archive);
        await using var host = CreateHost(bucket, new Dictionary<string, string?> { ["Archive:MaxTotalUncompressedBytes"] = "50000" });

        // Act
        var inspected = await host.Services.GetRequiredService<IArchiveInspector>().InspectAsync(bucket, "zip/big.7z", 0, 100, CancellationToken.None);

        // Assert
        Assert.That(inspected.RejectionCode, Is.EqualTo(ArchiveRejectionCodes.LimitExceeded), inspected.Reason);
    }

    private static async Task<(InspectionOutcome First, List<InspectedEntry> Entries)> InspectAllAsync(ExpanderHost host, string bucket, string key)
    {
        var inspector = host.Services.GetRequiredService<IArchiveInspector>();
        var pages = new List<InspectionOutcome>();
        int? cursor = 0;
        while (cursor is { } next)
        {
            var page = await inspector.InspectAsync(bucket, key, next, 3, CancellationToken.None);
            pages.Add(page);
            cursor = page.NextCursor;
        }

        return (pages[0], [.. pages.SelectMany(p => p.Entries)]);
    }

    private async Task<byte[]> SevenZipAsync(string name, IEnumerable<string> switches)
    {
        var path = Path.Combine(WorkDirectory, string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '_')) + ".7z");
        await ExternalTool.RunAsync("7z", _tree, ["a", "-bd", .. switches, path, .. TreeTopLevel]);
        return await File.ReadAllBytesAsync(path);
    }

    /// <summary>Wraps the app's store so every ranged GET's body is counted as it is read.</summary>
    private sealed class ByteCounter
    {
        private long _bytesRead;

        public long BytesRead => Interlocked.Read(ref _bytesRead);

        public void Install(IServiceCollection services)
        {
            services.AddSingleton<S3ObjectStore>();
            services.AddSingleton<IObjectStore>(sp => new CountingStore(sp.GetRequiredService<S3ObjectStore>(), this));
        }

        private void Add(int count) => Interlocked.Add(ref _bytesRead, count);

        private sealed class CountingStore(IObjectStore inner, ByteCounter counter) : IObjectStore
        {
            public Task<ObjectVersion?> TryGetVersionAsync(string bucket, string key, CancellationToken cancellationToken) => inner.TryGetVersionAsync(bucket, key, cancellationToken);

            public Task<byte[]?> TryGetPrefixAsync(string bucket, string key, int maxBytes, CancellationToken cancellationToken) => inner.TryGetPrefixAsync(bucket, key, maxBytes, cancellationToken);

            public async Task<Stream> OpenRangeAsync(ArchiveSource source, long offset, long endExclusive, CancellationToken cancellationToken) =>
                new CountingStream(await inner.OpenRangeAsync(source, offset, endExclusive, cancellationToken), counter);

            public Task PutObjectAsync(string bucket, string key, Stream content, long length, ObjectHeaders headers, CancellationToken cancellationToken) => inner.PutObjectAsync(bucket, key, content, length, headers, cancellationToken);

            public Task<CreateResult> TryCreateObjectAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) => inner.TryCreateObjectAsync(bucket, key, content, contentType, cancellationToken);

            public Task<string> StartMultipartUploadAsync(string bucket, string key, ObjectHeaders headers, CancellationToken cancellationToken) => inner.StartMultipartUploadAsync(bucket, key, headers, cancellationToken);

            public Task<UploadedPart> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, Stream content, long length, CancellationToken cancellationToken) => inner.UploadPartAsync(bucket, key, uploadId, partNumber, content, length, cancellationToken);

            public Task CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken) => inner.CompleteMultipartUploadAsync(bucket, key, uploadId, parts, cancellationToken);

            public Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken) => inner.AbortMultipartUploadAsync(bucket, key, uploadId, cancellationToken);

            public Task<KeyPage> ListKeysAsync(string bucket, string prefix, string? marker, CancellationToken cancellationToken) => inner.ListKeysAsync(bucket, prefix, marker, cancellationToken);

            public Task DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken) => inner.DeleteObjectAsync(bucket, key, cancellationToken);

            public Task PutObjectTagAsync(string bucket, string key, string tagKey, string tagValue, CancellationToken cancellationToken) => inner.PutObjectTagAsync(bucket, key, tagKey, tagValue, cancellationToken);
        }

        private sealed class CountingStream(Stream inner, ByteCounter counter) : Stream
        {
            public override bool CanRead => inner.CanRead;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position
            {
                get => throw new NotSupportedException();
                set => throw new NotSupportedException();
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                var read = inner.Read(buffer, offset, count);
                counter.Add(read);
                return read;
            }

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                var read = await inner.ReadAsync(buffer, cancellationToken);
                counter.Add(read);
                return read;
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }

            public override async ValueTask DisposeAsync()
            {
                await inner.DisposeAsync();
                await base.DisposeAsync();
            }
        }
    }
}
