using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Expansion.Jobs;

namespace OssUnzip.Function.Tests.Expansion.Jobs;

public sealed class LocalProcessJobDispatcherTests
{
    private static readonly string[] ShardArguments = ["shard", "--job", "j0123456789abcdef01234567", "--bucket", "eb-ask", "--output", "unzip/x/"];

    private static JobRecord Job() => new(
        JobRecord.CurrentFormat,
        "j0123456789abcdef01234567",
        "eb-ask",
        "zip/x.zip",
        "\"e\"",
        1000,
        "eb-ask",
        "unzip/x/",
        "default",
        "event-1",
        3,
        1000,
        1000,
        [.. Enumerable.Range(0, 3).Select(i => new ShardRange(i, i, 1, 100, 100))],
        DateTimeOffset.UnixEpoch);

    [Test]
    public void StartInfoFor_SecondShard_RunsTheShardCommandWithItsIndexAndTheShardRuntimeSettings()
    {
        var startInfo = LocalProcessJobDispatcher.StartInfoFor(Job(), 2);

        Assert.That(startInfo.ArgumentList.TakeLast(7), Is.EqualTo(ShardArguments));
        Assert.That(startInfo.Environment[ShardCommandLine.IndexVariable], Is.EqualTo("2"));
        Assert.That(startInfo.Environment["DOTNET_TieredCompilation"], Is.EqualTo("0"));
        Assert.That(startInfo.Environment["DOTNET_gcServer"], Is.EqualTo("0"));
        Assert.That(startInfo.Environment.Keys.Where(k => k.StartsWith("FUNCTIONS_", StringComparison.Ordinal)), Is.Empty);
    }
}
