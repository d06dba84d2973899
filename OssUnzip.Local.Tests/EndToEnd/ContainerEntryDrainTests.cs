using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;

namespace OssUnzip.Local.Tests.EndToEnd;

/// <summary>
/// The container's stop, run locally: SIGTERM sent the way the image's entry point delivers it,
/// to the Functions host and the real worker under the stand-in host, while an expansion is in flight.
/// </summary>
/// <remarks>
/// What this proves: the Dockerfile starts the host in exec form under tini -g (no shell between
/// PID 1 and the host, and a signal reaches the host's whole process group, i.e. the worker too);
/// and the real worker, signalled while the host keeps serving (as the image's
/// ASPNETCORE_SHUTDOWNTIMEOUTSECONDS makes the real host do), answers new work 503, finishes the
/// expansion already running, and everything exits well inside the pod's
/// terminationGracePeriodSeconds.
/// What it cannot prove without the image and a Docker engine: that the dotnet-isolated 10.0 base
/// image has the WebHost at the path the entry point names (the image build checks that), that
/// Debian's tini is the one installed, and how the real WebHost treats connections during its own
/// shutdown (it stops accepting new ones, so in the cluster new work meets a closed port and the
/// proxy in front answers 502; here the stand-in keeps listening, so new work reaches the worker
/// and shows its 503). s3rver stands for OSS, outside the container, and is not signalled.
/// </remarks>
[Category("Integration")]
[NonParallelizable]
public class ContainerEntryDrainTests
{
    private const string Token = "drain-token";
    private const int EntryCount = 2000;
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(3);

    [Test]
    public async Task SigTerm_ToTheEntryProcessGroupWhileExpanding_RefusesNewWorkFinishesInFlightAndExitsWithinGrace()
    {
        var entry = ContainerEntry.Load();
        Assert.Multiple(() =>
        {
            Assert.That(entry.IsExecForm, Is.True, "ENTRYPOINT and CMD must be JSON arrays: a shell form puts /bin/sh between PID 1 and the host");
            Assert.That(entry.SignalsProcessGroup, Is.True, "the entry must be tini -g, so the worker (the host's child) gets the signal too");
            Assert.That(entry.Program, Does.EndWith("/Microsoft.Azure.WebJobs.Script.WebHost"), "PID 1 starts the WebHost itself, not a start script");
        });

        var dataDirectory = Directory.CreateTempSubdirectory("ossunzip-local-drain-").FullName;
        try
        {
            // The drain of a long inline expansion: with the default request budget (2 s) a run this long is
            // handed to a job instead, so this stack lets requests (and EventBridge's wait) run for minutes.
            await using var stack = await LocalStackProcess.StartAsync(
                dataDirectory,
                Token,
                ["--delivery-timeout", "600"],
                new Dictionary<string, string> { ["Jobs__RequestBudgetSeconds"] = "300" });
            using var s3 = new LocalS3(stack);
            using var http = new HttpClient { Timeout = Wait };
            var archive = ManySmallEntries();
            var eTag = await s3.PutAsync("zip/drain.zip", archive);

            // Our own delivery of the upload's event joins the expansion the local EventBridge started.
            var inFlight = PostAsync(http, stack, OssEventJson.ObjectCreated(stack.Bucket, "zip/drain.zip", archive.Length, eTag));
            await WaitForFirstObjectAsync(s3, "unzip/drain/");

            var container = ContainerProcesses(stack.Id);
            var signalled = Stopwatch.StartNew();
            foreach (var pid in container)
            {
                ProcessTree.Terminate(pid);
            }

            var completedBeforeSignal = inFlight.IsCompleted;
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            using var refused = await PostAsync(http, stack, OssEventJson.ObjectCreated(stack.Bucket, "zip/after-sigterm.zip", 22, "0123456789abcdef0123456789abcdef"));
            using var finished = await inFlight;
            var finishedBody = await finished.Content.ReadAsStringAsync();
            var exitCode = await stack.WaitForExitAsync(TimeSpan.FromSeconds(entry.TerminationGraceSeconds));
            var exitedAfter = signalled.Elapsed;
            var written = Directory.EnumerateFiles(Path.Combine(dataDirectory, "s3"), "*", SearchOption.AllDirectories).Count();

            Assert.Multiple(() =>
            {
                Assert.That(container, Has.Count.EqualTo(2), "the host and its worker: the processes of the container's group");
                Assert.That(completedBeforeSignal, Is.False, "the expansion was still running when SIGTERM arrived");
                Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "new work during the drain");
                Assert.That(finished.StatusCode, Is.EqualTo(HttpStatusCode.OK), finishedBody);
                Assert.That(finishedBody, Does.Contain("\"expanded\"").And.Contain($"\"entriesWritten\":{EntryCount}"));
                Assert.That(exitCode, Is.Zero, stack.Diagnostics);
                Assert.That(exitedAfter, Is.LessThan(TimeSpan.FromSeconds(entry.TerminationGraceSeconds)));
                Assert.That(container.Where(ProcessTree.IsAlive), Is.Empty);
                Assert.That(written, Is.GreaterThan(EntryCount));
            });
            TestContext.Out.WriteLine($"exited {exitedAfter.TotalSeconds:F1} s after SIGTERM");
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// The processes tini -g signals in the container: the host and the worker it started. Locally the
    /// stand-in host is the stack process; s3rver (OSS's stand-in) is left out.
    /// </summary>
    private static List<int> ContainerProcesses(int hostPid) =>
        [hostPid, .. ProcessTree.Descendants(hostPid).Where(pid => ProcessTree.CommandLine(pid).Contains("OssUnzip.Function.dll", StringComparison.Ordinal))];

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, LocalStackProcess stack, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, stack.FunctionUrl)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-eventbridge-signature-token", Token);
        return http.SendAsync(request);
    }

    private static async Task WaitForFirstObjectAsync(LocalS3 s3, string prefix)
    {
        using var cts = new CancellationTokenSource(Wait);
        while ((await s3.ListAsync(prefix)).Count == 0)
        {
            await Task.Delay(50, cts.Token);
        }
    }

    /// <summary>Enough small deflated entries that expanding them takes seconds on the local s3rver.</summary>
    private static byte[] ManySmallEntries()
    {
        var random = new Random(22);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < EntryCount; i++)
        {
            var text = new StringBuilder();
            while (text.Length < 2048)
            {
                text.Append("entry ").Append(i).Append(' ').Append(random.Next()).Append('\n');
            }

            entries[$"part-{i / 100:D2}/file-{i:D5}.txt"] = Encoding.UTF8.GetBytes(text.ToString());
        }

        return TestZip.Create(entries);
    }
}
