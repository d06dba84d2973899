namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>
/// The shard command, as the dispatchers start it and the app parses it: <c>shard --job ID --bucket B
/// --output PREFIX</c> (B: the output bucket, where the job's records are); the shard's index comes from <c>JOB_COMPLETION_INDEX</c>, as the Kubernetes Job
/// controller sets it for an Indexed Job (docs/facts.md §11).
/// </summary>
public sealed record ShardCommandLine(string JobId, string Bucket, string OutputPrefix)
{
    public const string Verb = "shard";

    public const string IndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>
    /// The .NET runtime settings every shard process starts with, as environment variables (both
    /// dispatchers that start processes set them; docs/facts.md §27): workstation GC, as the function's
    /// own pod; and tiered compilation off — a shard is a short batch process, and compiling each method
    /// once, fully optimized, spares the quick-JIT code, its later re-JIT and the call-counting stubs:
    /// 10–14 MiB less peak RSS and less CPU per shard (docs/benchmarks.md, "A shard's runtime settings").
    /// In the image the app is published ReadyToRun (decision 0044), and with tiered compilation off a shard runs
    /// that precompiled code as it is: 12–15 MiB less again (docs/facts.md §31).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> RuntimeVariables { get; } =
    [
        new("DOTNET_gcServer", "0"),
        new("DOTNET_TieredCompilation", "0"),
    ];

    public static ShardCommandLine For(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new ShardCommandLine(job.JobId, job.OutputBucket, job.OutputPrefix);
    }

    /// <summary>The arguments after the program (and, under <c>dotnet</c>, the assembly).</summary>
    public IReadOnlyList<string> ToArguments() => [Verb, "--job", JobId, "--bucket", Bucket, "--output", OutputPrefix];

    /// <summary>Parses the arguments after <see cref="Verb"/>; null when they are not exactly the three options.</summary>
    public static ShardCommandLine? TryParse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        string? job = null, bucket = null, output = null;
        if (arguments.Count != 6)
        {
            return null;
        }

        for (var i = 0; i < arguments.Count; i += 2)
        {
            switch (arguments[i])
            {
                case "--job": job = arguments[i + 1]; break;
                case "--bucket": bucket = arguments[i + 1]; break;
                case "--output": output = arguments[i + 1]; break;
                default: return null;
            }
        }

        return job is { Length: > 0 } && bucket is { Length: > 0 } && output is { Length: > 0 } ? new ShardCommandLine(job, bucket, output) : null;
    }
}
