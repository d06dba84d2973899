using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OssUnzip.Local.Tests.EndToEnd;

/// <summary>
/// A stream job through the local stack as a user runs it (issues 16, 17; decision 0031): a .tar.gz far
/// too big for the 2 s request budget is answered 202 on EventBridge's first 3 s attempt and expanded by a
/// shard child process, front to back; every object byte-exact, one manifest naming the format, one
/// completion event with the job's id. The archive is made at test time by GNU tar with `gzip -1` over
/// files of generated random bytes (incompressible, so it is as big as its content and fast to make).
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class LocalStackStreamJobTests
{
    private const string Token = "stream-jobs-token";
    private const int FileCount = 12;
    private const int FileBytes = 10 << 20;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(300);

    [Test]
    public async Task Upload_BigTarGz_AnsweredOnTheFirstAttemptWith202AndExpandedByAShardProcess()
    {
        // Arrange
        var work = Directory.CreateTempSubdirectory("ossunzip-local-stream-").FullName;
        using var completions = new CompletionListener();
        try
        {
            var expected = await WriteFilesAsync(Path.Combine(work, "src"));
            var archive = Path.Combine(work, "big.tar.gz");
            await RunAsync("tar", Path.Combine(work, "src"), "--sort=name", "-I", "gzip -1", "-cf", archive, "t");
            // A 1 s budget leaves the hops 2 s of EventBridge's 3 s wait. At the default 2 s, on the 2-core
            // machine loaded by parallel builds (load average 25-37), the worker took 1.7 s from the event
            // to the inline run's start (HEAD, records, head GET) and 1.1 s from the cut to the job's
            // records, so the first attempt timed out (attempts=2 and 3); at 1 s with a build running
            // alongside (load 31) it still did (attempts=3). The hand-off, not the budget, is under test.
            var settings = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Completion__Url"] = completions.Url,
                ["Jobs__RequestBudgetSeconds"] = "1",
                ["Jobs__ProgressBatchEntries"] = "4",
            };
            Directory.CreateDirectory(Path.Combine(work, "data"));
            await using var stack = await LocalStackProcess.StartAsync(Path.Combine(work, "data"), Token, ["--delivery-timeout", "3"], settings);
            using var s3 = new LocalS3(stack);

            // Act
            await s3.PutMultipartAsync("zip/big.tar.gz", await File.ReadAllBytesAsync(archive), partSize: 64 << 20);
            var trace = await stack.WaitForLineAsync(l => l.Contains("key=\"zip/big.tar.gz\"", StringComparison.Ordinal), Wait);
            await WaitForManifestAsync(s3, stack);
            await completions.WaitForAsync(e => e["subject"]?.GetValue<string>().EndsWith("zip/big.tar.gz", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30));

            // Assert
            Assert.That(trace, Does.Contain("delivery=delivered:202").And.Contain("attempts=1"));
            Assert.That(stack.StderrLines.Any(l => l.Contains("read front to back as tar+gzip", StringComparison.Ordinal)), Is.True, "a shard process read the archive:\n" + stack.Diagnostics);
            var keys = await s3.ListAllAsync("unzip/big/");
            Assert.That(keys.Where(k => !k.StartsWith("unzip/big/.ossunzip/", StringComparison.Ordinal)), Is.EquivalentTo(expected.Keys.Select(k => "unzip/big/" + k)));
            Assert.That(keys.Count(k => k == "unzip/big/.ossunzip/manifest.json"), Is.EqualTo(1));
            foreach (var (name, hash) in expected)
            {
                Assert.That(SHA256.HashData(await s3.GetAsync("unzip/big/" + name)), Is.EqualTo(hash), name);
            }

            var manifest = JsonNode.Parse(await s3.GetAsync("unzip/big/.ossunzip/manifest.json"))!;
            Assert.That(manifest["summary"]!["format"]!.GetValue<string>(), Is.EqualTo("tar+gzip"));
            var expanded = completions.Received.Where(e => e["type"]!.GetValue<string>() == "ossunzip.archive.expanded").ToList();
            Assert.That(expanded.Select(e => e["id"]!.GetValue<string>()).Distinct().ToList(), Has.Count.EqualTo(1).And.All.StartsWith("j"), "one completion event, with the job's id");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<Dictionary<string, byte[]>> WriteFilesAsync(string root)
    {
        var random = new Random(31);
        var hashes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var content = new byte[FileBytes];
        Directory.CreateDirectory(Path.Combine(root, "t"));
        for (var i = 0; i < FileCount; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"t/f{i:D2}.bin");
            random.NextBytes(content);
            await File.WriteAllBytesAsync(Path.Combine(root, name), content);
            hashes[name] = SHA256.HashData(content);
        }

        return hashes;
    }

    private static async Task RunAsync(string tool, string directory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(tool) { WorkingDirectory = directory, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"{tool} failed: {errors}");
    }

    private static async Task WaitForManifestAsync(LocalS3 s3, LocalStackProcess stack)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Wait)
        {
            if ((await s3.ListAllAsync("unzip/big/.ossunzip/")).Contains("unzip/big/.ossunzip/manifest.json"))
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"no manifest after {Wait}: {stack.Diagnostics}");
    }
}
