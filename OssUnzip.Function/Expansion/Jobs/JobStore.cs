using System.Globalization;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>
/// A job's records under the output folder's <c>.ossunzip/</c> (decision 0018):
/// <c>job.json</c> (the folder's current job), and in <c>jobs/&lt;id&gt;/</c> the job's own record
/// (<c>job.json</c>, written create-only: whoever creates it dispatches the job), each shard's progress
/// (<c>shard-N.progress.json</c>) and done record (<c>shard-N.done.json</c>), and for a job whose shards
/// plan for themselves the first shard's plan (<c>plan.json</c>, create-only) and, under a fail rule, the
/// first clean sweep of its targets (<c>sweep.json</c>, create-only, decision 0040).
/// </summary>
internal sealed class JobStore(IObjectStore store)
{
    /// <summary>Records are small; a larger object at a record's key is not one of ours.</summary>
    private const int MaxRecordBytes = 4 << 20;

    public static string ClaimKeyFor(string outputFolder, string jobId) => RecordKeys.JobFolderFor(outputFolder, jobId) + "job.json";

    public static string ProgressKeyFor(string outputFolder, string jobId, int shard) =>
        RecordKeys.JobFolderFor(outputFolder, jobId) + string.Create(CultureInfo.InvariantCulture, $"shard-{shard}.progress.json");

    public static string DoneKeyFor(string outputFolder, string jobId, int shard) =>
        RecordKeys.JobFolderFor(outputFolder, jobId) + string.Create(CultureInfo.InvariantCulture, $"shard-{shard}.done.json");

    public static string PlanKeyFor(string outputFolder, string jobId) => RecordKeys.JobFolderFor(outputFolder, jobId) + "plan.json";

    public static string SweepKeyFor(string outputFolder, string jobId) => RecordKeys.JobFolderFor(outputFolder, jobId) + "sweep.json";

    /// <summary>
    /// Records a clean sweep of a fail-rule job's targets, create-only: <see cref="CreateResult.AlreadyExists"/>
    /// when another run recorded one first (either is proof enough).
    /// </summary>
    public Task<CreateResult> TryCreateSweepAsync(JobRecord job, TargetSweepRecord sweep, CancellationToken cancellationToken) =>
        TryCreateInJobAsync(job, SweepKeyFor, sweep?.ToUtf8Json(), cancellationToken);

    /// <summary>The job's clean-sweep record, or null when no run has completed one (or it is unreadable).</summary>
    public Task<TargetSweepRecord?> TryReadSweepAsync(JobRecord job, CancellationToken cancellationToken) =>
        TryReadInJobAsync(job, SweepKeyFor, static bytes => TargetSweepRecord.TryParse(bytes), cancellationToken);

    /// <summary>
    /// Writes the plan record of a job whose shards plan for themselves, create-only:
    /// <see cref="CreateResult.AlreadyExists"/> when another shard planned first.
    /// </summary>
    public Task<CreateResult> TryCreatePlanAsync(JobRecord job, ShardPlanRecord plan, CancellationToken cancellationToken) =>
        TryCreateInJobAsync(job, PlanKeyFor, plan?.ToUtf8Json(), cancellationToken);

    public Task<ShardPlanRecord?> TryReadPlanAsync(JobRecord job, CancellationToken cancellationToken) =>
        TryReadInJobAsync(job, PlanKeyFor, static bytes => ShardPlanRecord.TryParse(bytes), cancellationToken);

    /// <summary>The output folder's current job, or null when there is none (or it is unreadable).</summary>
    public async Task<JobRecord?> TryReadCurrentAsync(string outputBucket, string outputFolder, CancellationToken cancellationToken) =>
        await store.TryGetPrefixAsync(outputBucket, RecordKeys.JobKeyFor(outputFolder), MaxRecordBytes, cancellationToken).ConfigureAwait(false) is { } bytes
            ? JobRecord.TryParse(bytes)
            : null;

    /// <summary>The job's own record (what a shard runner reads), or null.</summary>
    public async Task<JobRecord?> TryReadAsync(string outputBucket, string outputFolder, string jobId, CancellationToken cancellationToken) =>
        await store.TryGetPrefixAsync(outputBucket, ClaimKeyFor(outputFolder, jobId), MaxRecordBytes, cancellationToken).ConfigureAwait(false) is { } bytes
            ? JobRecord.TryParse(bytes)
            : null;

    /// <summary>
    /// Creates the job's own record, create-only. <see cref="CreateResult.Created"/>: this caller owns the
    /// job and must make it current and dispatch it; <see cref="CreateResult.AlreadyExists"/>: another
    /// delivery did (docs/facts.md §14 says what happens on a store that honours neither header).
    /// </summary>
    public Task<CreateResult> TryClaimAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return store.TryCreateObjectAsync(job.OutputBucket, ClaimKeyFor(job.OutputPrefix, job.JobId), job.ToUtf8Json(), "application/json", cancellationToken);
    }

    /// <summary>Makes the job the output folder's current one (replacing an older upload's job).</summary>
    public Task WriteCurrentAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return PutAsync(job.OutputBucket, RecordKeys.JobKeyFor(job.OutputPrefix), job.ToUtf8Json(), cancellationToken);
    }

    public async Task<ShardProgressRecord?> TryReadProgressAsync(JobRecord job, int shard, CancellationToken cancellationToken) =>
        await store.TryGetPrefixAsync(job.OutputBucket, ProgressKeyFor(job.OutputPrefix, job.JobId, shard), MaxRecordBytes, cancellationToken).ConfigureAwait(false) is { } bytes
            ? ShardProgressRecord.TryParse(bytes)
            : null;

    public Task WriteProgressAsync(JobRecord job, ShardProgressRecord progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(progress);
        return PutAsync(job.OutputBucket, ProgressKeyFor(job.OutputPrefix, job.JobId, progress.Shard), progress.ToUtf8Json(), cancellationToken);
    }

    public Task WriteDoneAsync(JobRecord job, ShardDoneRecord done, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(done);
        return PutAsync(job.OutputBucket, DoneKeyFor(job.OutputPrefix, job.JobId, done.Shard), done.ToUtf8Json(), cancellationToken);
    }

    public async Task<ShardDoneRecord?> TryReadDoneAsync(JobRecord job, int shard, CancellationToken cancellationToken) =>
        await store.TryGetPrefixAsync(job.OutputBucket, DoneKeyFor(job.OutputPrefix, job.JobId, shard), MaxRecordBytes, cancellationToken).ConfigureAwait(false) is { } bytes
            ? ShardDoneRecord.TryParse(bytes)
            : null;

    /// <summary>Each shard's done record, or null where it has none yet; read all at once (one small GET each).</summary>
    public async Task<IReadOnlyList<ShardDoneRecord?>> ReadAllDoneAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var slots = new SemaphoreSlim(16);
        var reads = job.Shards.Select(async s =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await TryReadDoneAsync(job, s.Index, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        });
        return await Task.WhenAll(reads).ConfigureAwait(false);
    }

    /// <summary>A create-only record in the job's own folder, at the key <paramref name="keyFor"/> gives for (output folder, job id).</summary>
    private Task<CreateResult> TryCreateInJobAsync(JobRecord job, Func<string, string, string> keyFor, byte[]? json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(json);
        return store.TryCreateObjectAsync(job.OutputBucket, keyFor(job.OutputPrefix, job.JobId), json, "application/json", cancellationToken);
    }

    /// <summary>A record in the job's own folder, parsed; null when it is absent or unreadable.</summary>
    private async Task<T?> TryReadInJobAsync<T>(JobRecord job, Func<string, string, string> keyFor, Func<byte[], T?> parse, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(job);
        return await store.TryGetPrefixAsync(job.OutputBucket, keyFor(job.OutputPrefix, job.JobId), MaxRecordBytes, cancellationToken).ConfigureAwait(false) is { } bytes
            ? parse(bytes)
            : null;
    }

    private async Task PutAsync(string bucket, string key, byte[] bytes, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(bytes, writable: false);
        await store.PutObjectAsync(bucket, key, body, bytes.Length, "application/json", cancellationToken).ConfigureAwait(false);
    }
}
