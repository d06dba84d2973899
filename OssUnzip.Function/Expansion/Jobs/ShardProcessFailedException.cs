using System.Globalization;

namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>A shard process ended with a code that asks for a retry (a transient failure, or it was killed).</summary>
public sealed class ShardProcessFailedException : Exception
{
    public ShardProcessFailedException()
    {
    }

    public ShardProcessFailedException(string message)
        : base(message)
    {
    }

    public ShardProcessFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ShardProcessFailedException(string jobId, int shard, int exitCode)
        : base(string.Create(CultureInfo.InvariantCulture, $"Job {jobId} shard {shard}: the shard process exited with code {exitCode}."))
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
