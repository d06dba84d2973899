using OssUnzip.Function.Expansion.Jobs;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Expansion.Jobs;

public sealed class LocalProcessJobDispatcherTests
{
    private static readonly string[] ShardArguments = ["shard", "--job", "j0123456789abcdef01234567", "--bucket", "eb-ask", "--output", "unzip/x/"];

    [Test]
    public void StartInfoFor_SecondShard_RunsTheShardCommandWithItsIndexAndTheShardRuntimeSettings()
    {
        var startInfo = LocalProcessJobDispatcher.StartInfoFor(TestJobs.Record(3), 2);

        Assert.That(startInfo.ArgumentList.TakeLast(7), Is.EqualTo(ShardArguments));
        Assert.That(startInfo.Environment[ShardCommandLine.IndexVariable], Is.EqualTo("2"));
        Assert.That(startInfo.Environment["DOTNET_TieredCompilation"], Is.EqualTo("0"));
        Assert.That(startInfo.Environment["DOTNET_gcServer"], Is.EqualTo("0"));
        Assert.That(startInfo.Environment.Keys.Where(k => k.StartsWith("FUNCTIONS_", StringComparison.Ordinal)), Is.Empty);
    }
}
