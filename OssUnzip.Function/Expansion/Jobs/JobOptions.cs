namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>
/// When an archive becomes a job and how its shards run. Bound from the "Jobs" section; defaults here are
/// the documented ones; validated at startup by <see cref="JobOptionsValidator"/>.
/// </summary>
public sealed class JobOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Who runs the shards. Default InProcess; the local stack sets LocalProcesses, k8s/ sets Kubernetes.</summary>
    public JobMode Mode { get; set; } = JobMode.InProcess;

    /// <summary>
    /// No request runs longer than this: an inline run that would pass it is handed to a job (a ZIP's plan; a tar, gzip or 7z as a one-shard stream job, decision 0031; under every overwrite policy, decision 0040). Default 2 s: the open-source EventBridge's HTTP sink waits 3000 ms
    /// (docs/facts.md §3), below the 8 s (decision 0017).
    /// </summary>
    public double RequestBudgetSeconds { get; set; } = 2;

    /// <summary>
    /// After the budget's cut, how long the request may still spend planning a 7z's folder ranges (its
    /// header read again, an encrypted one decoded once per password tried) before it hands the archive
    /// to the one-shard stream job instead (decision 0042). Default 0.5 s: the budget's 2 s plus this stays
    /// under the 3 s EventBridge wait with room for the job's records (docs/facts.md §3).
    /// </summary>
    public double RangePlanningSeconds { get; set; } = 0.5;

    /// <summary>A plan of at most this many objects (and <see cref="InlineMaxBytes"/>) is expanded inline. Default 2,000.</summary>
    public int InlineMaxEntries { get; set; } = 2_000;

    /// <summary>…and at most this many uncompressed bytes. Default 64 MiB.</summary>
    public long InlineMaxBytes { get; set; } = 64L << 20;

    /// <summary>Target compressed and uncompressed bytes per shard; a larger entry is a shard of its own. Default 1 GiB.</summary>
    public long ShardBytes { get; set; } = 1L << 30;

    /// <summary>Target objects per shard. Default 20,000.</summary>
    public int ShardEntries { get; set; } = 20_000;

    /// <summary>A shard records its progress after every batch of this many objects (or <see cref="ProgressBatchBytes"/>); a re-run skips finished batches (a stream job's shard: the completed prefix, decision 0031). Default 500.</summary>
    public int ProgressBatchEntries { get; set; } = 500;

    /// <summary>…or this many uncompressed bytes. Default 256 MiB.</summary>
    public long ProgressBatchBytes { get; set; } = 256L << 20;

    /// <summary>Shards running at once per job (the Indexed Job's <c>parallelism</c>). Default 2.</summary>
    public int Parallelism { get; set; } = 2;

    /// <summary>Retries of one shard after a transient failure (the Indexed Job's <c>backoffLimitPerIndex</c>). Default 3.</summary>
    public int BackoffLimitPerIndex { get; set; } = 3;

    /// <summary>
    /// A redelivery finds a job stalled when none of its unfinished shards recorded progress for this long
    /// (its runners are gone: a restart, or retries exhausted) and dispatches it again; finished batches are
    /// not written again. Default 900.
    /// </summary>
    public int StaleAfterSeconds { get; set; } = 900;

    /// <summary>Kubernetes: namespace the Job is created in. Default: the pod's own (from the service account mount).</summary>
    public string? Namespace { get; set; }

    /// <summary>Kubernetes: the shard pods' image; must be this app's image. Required in Kubernetes mode.</summary>
    public string? Image { get; set; }

    /// <summary>Kubernetes: the shard pods' service account. Default ossunzip-shard.</summary>
    public string ServiceAccountName { get; set; } = "ossunzip-shard";

    /// <summary>Kubernetes: the Secret holding <c>Storage__AccessKeyId</c> and <c>Storage__SecretAccessKey</c> for the shard pods (k8s/). Default ossunzip-secrets.</summary>
    public string SecretName { get; set; } = "ossunzip-secrets";

    /// <summary>Kubernetes: the ConfigMap whose keys become the shard pods' environment (the same settings as the function's). Default ossunzip-settings.</summary>
    public string ConfigMapName { get; set; } = "ossunzip-settings";

    /// <summary>Kubernetes: the program and assembly that run the shard command in the image (the image's tini stays PID 1). Default <c>dotnet /home/site/wwwroot/OssUnzip.Function.dll</c>.</summary>
    public string ShardProgram { get; set; } = "dotnet /home/site/wwwroot/OssUnzip.Function.dll";

    /// <summary>Kubernetes: finished Jobs are deleted after this. Default 3600.</summary>
    public int TtlSecondsAfterFinished { get; set; } = 3600;

    /// <summary>
    /// Kubernetes: shard pod CPU request/limit and memory request/limit. Defaults 500m / 1, 256Mi / 2Gi (one .NET
    /// process, no Functions host). A ZIP shard plans the whole central directory, so its peak grows with it:
    /// measured 778 MiB for 1,000,000 entries with 17-character names and 1,256 MiB with 89-character names
    /// (docs/benchmarks.md, "Issue 16: a 1,000,000-entry archive"); the .NET GC takes 75 % of the limit as its
    /// heap limit. ECI bills a 1-vCPU pod as at least 1 vCPU / 2 GiB (docs/facts.md §13, "ECI"), so 2Gi costs no more
    /// than 512Mi did on ASK.
    /// </summary>
    public string ShardCpuRequest { get; set; } = "500m";

    public string ShardCpuLimit { get; set; } = "1";

    public string ShardMemoryRequest { get; set; } = "256Mi";

    public string ShardMemoryLimit { get; set; } = "2Gi";

    public TimeSpan RequestBudget => TimeSpan.FromSeconds(RequestBudgetSeconds);

    public TimeSpan RangePlanningLimit => TimeSpan.FromSeconds(RangePlanningSeconds);
}
