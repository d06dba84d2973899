using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using OssUnzip.Local.Cli;
using OssUnzip.Testing;

namespace OssUnzip.Local.Tests.EndToEnd;

/// <summary>
/// Output rules through the real worker process: the local stack started with two rules as
/// <c>--setting</c> values, archives made by Info-ZIP's <c>zip</c> from files touched to a known time,
/// uploaded to s3rver, delivered by the local EventBridge. Also the `backfill` subcommand against it.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class RulesEndToEndTests
{
    private const string Token = "rules-e2e-token";
    private const string OutputBucket = "eb-published";
    private const long Mtime = 1_700_000_000;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    // Rule "pub": zip/pub/ → eb-published/published/{dir}{name}/, top folder stripped, only CSVs but
    // none under a tmp/ folder (globs match the entry's path in the archive, before the strip), existing
    // objects kept, archive tagged. Rule "plain": zip/plain/ → unzip/{dir}{name}/ beside it, folders
    // kept, no mtime metadata, archive deleted. Rule "strict": zip/strict/ → strict/{dir}{name}/, a single
    // top folder flattened, any existing target rejects the archive, names read as Shift-JIS although the
    // service-wide Archive:NameEncoding says cp437 (the other rules' names are ASCII or flagged UTF-8). All under zip/ of eb-ask, where the local
    // EventBridge pattern delivers uploads.
    private static readonly string[] Rules =
    [
        "--setting", "Unzip__Rules__0__Name=pub",
        "--setting", "Unzip__Rules__0__Bucket=eb-ask",
        "--setting", "Unzip__Rules__0__InputPrefix=zip/pub/",
        "--setting", $"Unzip__Rules__0__OutputBucket={OutputBucket}",
        "--setting", "Unzip__Rules__0__OutputPrefix=published/{dir}{name}/",
        "--setting", "Unzip__Rules__0__FolderMode=strip",
        "--setting", "Unzip__Rules__0__Include__0=**/*.csv",
        "--setting", "Unzip__Rules__0__Exclude__0=**/tmp/**",
        "--setting", "Unzip__Rules__0__Overwrite=skip-existing",
        "--setting", "Unzip__Rules__0__SourceDisposition=tag",
        "--setting", "Unzip__Rules__1__Name=plain",
        "--setting", "Unzip__Rules__1__Bucket=eb-ask",
        "--setting", "Unzip__Rules__1__InputPrefix=zip/plain/",
        "--setting", "Unzip__Rules__1__FolderMode=keep",
        "--setting", "Unzip__Rules__1__SourceDisposition=delete",
        "--setting", "Unzip__Rules__1__WriteModifiedTime=false",
        "--setting", "Unzip__Rules__2__Name=strict",
        "--setting", "Unzip__Rules__2__Bucket=eb-ask",
        "--setting", "Unzip__Rules__2__InputPrefix=zip/strict/",
        "--setting", "Unzip__Rules__2__OutputPrefix=strict/{dir}{name}/",
        "--setting", "Unzip__Rules__2__FolderMode=flatten-single-top-folder",
        "--setting", "Unzip__Rules__2__Overwrite=fail",
        "--setting", "Unzip__Rules__2__NameEncoding=shift_jis",
        "--setting", "Archive__NameEncoding=cp437",
    ];

    private static readonly string[] PublishedKeys = ["published/2026/q1/a.csv", "published/2026/q1/c.csv", "published/2026/q1/.ossunzip/manifest.json"];
    private static readonly string[] PlainKeys = ["unzip/p/p/x.txt", "unzip/p/.ossunzip/manifest.json"];
    private static readonly string[] PubSkipped = ["q1/notes.txt:excluded", "q1/tmp/b.csv:excluded", "q1/c.csv:target-exists"];
    private static readonly string[] ZipOptions = ["-q", "-D", "archive.zip"];
    private static readonly string[] FlattenedKeys = ["strict/s/k.txt", "strict/s/.ossunzip/manifest.json"];
    private static readonly string[] FailKeys = ["strict/f/k.txt", "strict/f/.ossunzip/rejection.json"];
    private static readonly string[] ShiftJisKeys = ["strict/sj/資料/テスト.txt", "strict/sj/資料/報告書 2024.txt", "strict/sj/新しいフォルダ/SJIS_835C_ソ.txt", "strict/sj/.ossunzip/manifest.json"];

    private string _dataDirectory = null!;
    private string _workDirectory = null!;
    private LocalStackProcess _stack = null!;
    private LocalS3 _s3 = null!;
    private LocalS3 _published = null!;

    [OneTimeSetUp]
    public async Task StartStackAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("ossunzip-local-rules-").FullName;
        _workDirectory = Directory.CreateTempSubdirectory("ossunzip-local-rules-zip-").FullName;
        _stack = await LocalStackProcess.StartAsync(_dataDirectory, Token, Rules);
        _s3 = new LocalS3(_stack);
        _published = new LocalS3(_stack, OutputBucket);
        await _published.CreateBucketAsync();
    }

    [OneTimeTearDown]
    public async Task StopStackAsync()
    {
        _published.Dispose();
        _s3.Dispose();
        await _stack.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
        Directory.Delete(_workDirectory, recursive: true);
    }

    [Test]
    public async Task Upload_TwoRules_EveryRuleOptionAppliedByTheRealWorker()
    {
        // Arrange: q1.zip holds q1/a.csv, q1/c.csv, q1/notes.txt, q1/tmp/b.csv; c.csv already exists in the output.
        var pub = Zip("q1", ("q1/a.csv", "a,1\n"), ("q1/c.csv", "c,new\n"), ("q1/notes.txt", "notes\n"), ("q1/tmp/b.csv", "b,1\n"));
        var plain = Zip("p", ("p/x.txt", "x\n"));
        await _published.PutAsync("published/2026/q1/c.csv", Encoding.UTF8.GetBytes("c,old\n"));

        // Act
        await _s3.PutAsync("zip/pub/2026/q1.zip", pub);
        await _s3.PutAsync("zip/plain/p.zip", plain);
        var pubTrace = await _stack.WaitForLineAsync(l => IsUploadTrace(l, "zip/pub/2026/q1.zip"), Wait);
        var plainTrace = await _stack.WaitForLineAsync(l => IsUploadTrace(l, "zip/plain/p.zip"), Wait);

        // Assert
        using var manifest = JsonDocument.Parse(await _published.GetAsync("published/2026/q1/.ossunzip/manifest.json"));
        var skipped = manifest.RootElement.GetProperty("skipped").EnumerateArray()
            .Select(s => $"{s.GetProperty("entry").GetString()}:{s.GetProperty("code").GetString()}").ToList();
        var summary = manifest.RootElement.GetProperty("summary");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pubTrace, Does.Contain("delivery=delivered:200"));
            Assert.That(plainTrace, Does.Contain("delivery=delivered:200"));

            // pub: second bucket and template, strip, include/exclude, skip-existing, tag, mtime.
            Assert.That(await _published.ListAsync("published/2026/"), Is.EquivalentTo(PublishedKeys));
            Assert.That(await _s3.ListAsync("unzip/"), Is.EquivalentTo(PlainKeys));
            Assert.That(Encoding.UTF8.GetString(await _published.GetAsync("published/2026/q1/a.csv")), Is.EqualTo("a,1\n"));
            Assert.That(Encoding.UTF8.GetString(await _published.GetAsync("published/2026/q1/c.csv")), Is.EqualTo("c,old\n"));
            Assert.That(skipped, Is.EquivalentTo(PubSkipped), manifest.RootElement.ToString());
            Assert.That(summary.GetProperty("rule").GetString(), Is.EqualTo("pub"));
            Assert.That(summary.GetProperty("outputBucket").GetString(), Is.EqualTo(OutputBucket));
            Assert.That(await _s3.TagsAsync("zip/pub/2026/q1.zip"), Is.EqualTo(new[] { ("ossunzip", "expanded") }));
            Assert.That((await _published.MetadataAsync("published/2026/q1/a.csv"))["x-amz-meta-mtime"], Is.EqualTo("1700000000"));

            // plain: folders kept, no mtime metadata, source deleted.
            Assert.That(Encoding.UTF8.GetString(await _s3.GetAsync("unzip/p/p/x.txt")), Is.EqualTo("x\n"));
            Assert.That((await _s3.MetadataAsync("unzip/p/p/x.txt")).Keys, Has.None.EqualTo("x-amz-meta-mtime"));
            Assert.That(await _s3.ListAsync("zip/plain/"), Is.Empty);
        }
    }

    [Test]
    public async Task Upload_StrictRule_FlattenFailAndNameEncodingAppliedByTheRealWorker()
    {
        // Arrange: s.zip holds only s/k.txt; f.zip holds k.txt (already in the output) and m.txt; sj.zip
        // is the shared case shift-jis-names (raw CP932 names, UTF-8 flag clear), read by Function.Tests too.
        var flatten = Zip("s", ("s/k.txt", "k\n"));
        var fail = Zip("f", ("k.txt", "k,new\n"), ("m.txt", "m\n"));
        var shiftJis = await File.ReadAllBytesAsync(RepositoryRoot.Combine("OssUnzip.Function.Tests", "Archive", "Corpus", "Cases", "shift-jis-names", "input.zip"));
        await _s3.PutAsync("strict/f/k.txt", Encoding.UTF8.GetBytes("k,old\n"));

        // Act
        await _s3.PutAsync("zip/strict/s.zip", flatten);
        await _s3.PutAsync("zip/strict/f.zip", fail);
        await _s3.PutAsync("zip/strict/sj.zip", shiftJis);
        foreach (var key in new[] { "zip/strict/s.zip", "zip/strict/f.zip", "zip/strict/sj.zip" })
        {
            await _stack.WaitForLineAsync(l => IsUploadTrace(l, key), Wait);
        }

        // Assert
        using var rejection = JsonDocument.Parse(await _s3.GetAsync("strict/f/.ossunzip/rejection.json"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await _s3.ListAsync("strict/s/"), Is.EquivalentTo(FlattenedKeys), "the single top folder s/ flattened");
            Assert.That(await _s3.ListAsync("strict/f/"), Is.EquivalentTo(FailKeys), "nothing written but the rejection record");
            Assert.That(Encoding.UTF8.GetString(await _s3.GetAsync("strict/f/k.txt")), Is.EqualTo("k,old\n"));
            Assert.That(rejection.RootElement.ToString(), Does.Contain("target-exists"));
            Assert.That(await _s3.ListAsync("strict/sj/"), Is.EquivalentTo(ShiftJisKeys));
        }
    }

    [Test]
    public async Task BackfillCommand_ArchiveAlreadyExpanded_PrintsTheCountsAndExitsZero()
    {
        // Arrange: an archive the upload event already expanded under rule pub (tagged, kept).
        await _s3.PutAsync("zip/pub/bf/one.zip", Zip("one", ("one/r.csv", "r,1\n")));
        await _stack.WaitForLineAsync(l => IsUploadTrace(l, "zip/pub/bf/one.zip"), Wait);
        using var output = new StringWriter();
        using var error = new StringWriter();

        // Act
        var exitCode = await BackfillCommand.RunAsync(
            ["--bucket", _stack.Bucket, "--prefix", "zip/pub/bf/", "--port", _stack.FunctionUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--token", Token],
            output, error, CancellationToken.None);

        // Assert
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Zero, error.ToString());
            Assert.That(lines[^1], Does.Match("^backfill id=\\S+ status=completed listed=1 archives=1 expanded=0 already_expanded=1 rejected=0 failed=0$"), output.ToString());
        }
    }

    [Test]
    public async Task BackfillCommand_BucketNoRuleTakes_ExitsOneWithTheRefusal()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await BackfillCommand.RunAsync(
            ["--bucket", "no-rule-bucket", "--port", _stack.FunctionUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--token", Token],
            output, error, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(error.ToString(), Does.Contain("403").And.Contain("bucket-not-allowed"));
            Assert.That(output.ToString(), Is.Empty);
        }
    }

    [Test]
    public async Task LocalCommand_BackfillWithAnUnknownOption_ExitsTwoWithUsage()
    {
        // Through the real command, so the `backfill` dispatch is what runs.
        var command = typeof(RulesEndToEndTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "LocalCommandPath").Value!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { command, "backfill", "--buckets", "x" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.EqualTo(2), error);
        Assert.That(error, Does.Contain("unknown backfill option --buckets").And.Contain("backfill [--bucket NAME]"));
    }

    /// <summary>The upload's trace line (a delete disposition's ObjectRemoved event is traced too, and sooner).</summary>
    private static bool IsUploadTrace(string line, string key) =>
        line.Contains("type=oss:ObjectCreated:", StringComparison.Ordinal) && line.Contains($"key=\"{key}\"", StringComparison.Ordinal);

    /// <summary>Info-ZIP zip (-D: no directory entries; it writes the UT extended-timestamp field) of files touched to <see cref="Mtime"/>.</summary>
    private byte[] Zip(string name, params (string Path, string Content)[] files)
    {
        var root = Path.Combine(_workDirectory, name);
        foreach (var (path, content) in files)
        {
            var file = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, content);
            File.SetLastWriteTimeUtc(file, DateTimeOffset.FromUnixTimeSeconds(Mtime).UtcDateTime);
        }

        var start = new ProcessStartInfo("zip") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in ZipOptions.Concat(files.Select(f => f.Path)))
        {
            start.ArgumentList.Add(arg);
        }

        using (var process = Process.Start(start)!)
        {
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, "zip: " + process.StandardError.ReadToEnd());
        }

        return File.ReadAllBytes(Path.Combine(root, "archive.zip"));
    }
}
