using Microsoft.Extensions.Logging;

namespace OssUnzip.Function.Diagnostics;

/// <summary>
/// Every log line the service writes, with stable event ids. Lines about one archive carry the event
/// id, bucket and key. Never pass secrets, tokens or request bodies here.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Malformed event request: {Problem}")]
    public static partial void RequestMalformed(ILogger logger, string problem);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Event {EventId} for {Bucket}/{Key} ignored: {Reason}")]
    public static partial void EventIgnored(ILogger logger, string eventId, string bucket, string key, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Event {EventId}: expanding {Bucket}/{Key} (ETag {ETag}, {Length} bytes) into {OutputPrefix}")]
    public static partial void ExpansionStarted(ILogger logger, string eventId, string bucket, string key, string eTag, long length, string outputPrefix);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Event {EventId}: expanded {Bucket}/{Key} (ETag {ETag}): {Entries} objects, {Bytes} bytes, {Skipped} skipped, in {DurationMs} ms")]
    public static partial void ExpansionCompleted(ILogger logger, string eventId, string bucket, string key, string eTag, int entries, long bytes, int skipped, long durationMs);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Event {EventId}: rejected {Bucket}/{Key} (ETag {ETag}): {Reason}")]
    public static partial void ArchiveRejected(ILogger logger, string eventId, string bucket, string key, string eTag, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Event {EventId}: {Bucket}/{Key} does not exist (tried {Candidates} spellings of the key)")]
    public static partial void SourceMissing(ILogger logger, string eventId, string bucket, string key, int candidates);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "Aborting multipart upload {UploadId} of {Bucket}/{Key} failed after a {OriginalError}; the store's lifecycle rule must clean it up")]
    public static partial void MultipartAbortFailed(ILogger logger, Exception exception, string bucket, string key, string uploadId, string originalError);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Invocation {InvocationId} failed ({Kind}): {Reason}")]
    public static partial void InvocationFailed(ILogger logger, Exception exception, string invocationId, string kind, string reason);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Event {EventId}: {Bucket}/{Key} (ETag {ETag}) was already expanded; its manifest matches")]
    public static partial void AlreadyExpanded(ILogger logger, string eventId, string bucket, string key, string eTag);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Manifest {Bucket}/{Key} is not readable as a manifest; the archive will be expanded again")]
    public static partial void ManifestUnreadable(ILogger logger, string bucket, string key);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Shutting down: refusing new work, waiting up to {GraceSeconds} s for {InFlight} expansions")]
    public static partial void ShutdownDraining(ILogger logger, int inFlight, int graceSeconds);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Shutdown grace period expired with {InFlight} expansions in flight; cancelling them (no manifest is written, redelivery completes them)")]
    public static partial void ShutdownGraceExpired(ILogger logger, int inFlight);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Completion event for {EventId} dropped: the queue is full")]
    public static partial void CompletionDropped(ILogger logger, string eventId);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Completion event for {EventId} was answered {StatusCode}")]
    public static partial void CompletionRejected(ILogger logger, string eventId, int statusCode);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "Completion event for {EventId} could not be delivered")]
    public static partial void CompletionFailed(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Rejection record {Bucket}/{Key} is not readable as one; the archive will be examined again")]
    public static partial void RejectionRecordUnreadable(ILogger logger, string bucket, string key);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "Event {EventId}: {Bucket}/{Key} (ETag {ETag}) was already rejected ({Code}); answered from its rejection record")]
    public static partial void AlreadyRejected(ILogger logger, string eventId, string bucket, string key, string eTag, string code);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Warning, Message = "Event {EventId}: the rejection record for {Bucket}/{Key} (ETag {ETag}) could not be written; a redelivery examines the archive again")]
    public static partial void RejectionRecordNotWritten(ILogger logger, Exception exception, string eventId, string bucket, string key, string eTag);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Warning, Message = "Event {EventId} for {Bucket}/{Key} refused: {Reason}")]
    public static partial void EventRefused(ILogger logger, string eventId, string bucket, string key, string reason);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Invocation {InvocationId} of {Function} refused (401): {Failure}")]
    public static partial void RequestUnauthenticated(ILogger logger, string invocationId, string function, string failure);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Invocation {InvocationId} of {Function} refused (413): body over {Limit} bytes")]
    public static partial void RequestTooLarge(ILogger logger, string invocationId, string function, int limit);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Signing certificate from {Host}{Path} unavailable: {Problem}")]
    public static partial void SigningCertificateUnavailable(ILogger logger, string host, string path, string problem);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Event {EventId}: {Bucket}/{Key} (ETag {ETag}) in progress: {Entries} objects, {Bytes} bytes written after {ElapsedMs} ms")]
    public static partial void ExpansionProgress(ILogger logger, string eventId, string bucket, string key, string eTag, int entries, long bytes, long elapsedMs);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Event {EventId}: {Bucket}/{Key} (ETag {ETag}) {Outcome}: {Entries} objects, {Bytes} bytes in {DurationMs} ms")]
    public static partial void ArchiveSummary(ILogger logger, string eventId, string bucket, string key, string eTag, string outcome, int entries, long bytes, long durationMs);

    // Jobs (issue 16): 1202-1221. Every line of a job names it.
    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Event {EventId}: {Bucket}/{Key} (ETag {ETag}) becomes job {JobId}: {Shards} shards, {Entries} objects, {Bytes} bytes ({Mode})")]
    public static partial void JobCreated(ILogger logger, string eventId, string bucket, string key, string eTag, string jobId, int shards, int entries, long bytes, string mode);

    // A stream job (decision 0031) or one whose shards plan for themselves (decision 0036): its object count is not known yet.
    [LoggerMessage(EventId = 1217, Level = LogLevel.Information, Message = "Event {EventId}: {Bucket}/{Key} (ETag {ETag}) becomes job {JobId}: {Shards} shards over {ArchiveBytes} archive bytes, objects counted by the shards ({Mode})")]
    public static partial void JobCreatedUnplanned(ILogger logger, string eventId, string bucket, string key, string eTag, string jobId, int shards, long archiveBytes, string mode);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Event {EventId}: {Bucket}/{Key} (ETag {ETag}) is job {JobId}, {ShardsDone} of {Shards} shards done")]
    public static partial void JobInProgress(ILogger logger, string eventId, string bucket, string key, string eTag, string jobId, int shardsDone, int shards);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "Event {EventId}: inline expansion of {Bucket}/{Key} (ETag {ETag}) passed the {BudgetMs} ms request budget; handed to job {JobId}")]
    public static partial void InlineHandedToJob(ILogger logger, string eventId, string bucket, string key, string eTag, long budgetMs, string jobId);

    [LoggerMessage(EventId = 1470, Level = LogLevel.Information, Message = "Event {EventId}: {Bucket}/{Key} (ETag {ETag}) was not planned within the {BudgetMs} ms request budget; job {JobId} plans it in its shards")]
    public static partial void PlanningHandedToJob(ILogger logger, string eventId, string bucket, string key, string eTag, long budgetMs, string jobId);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Information, Message = "Job {JobId} shard {Shard}: {Bucket}/{Key} (ETag {ETag}) entries {First}..{Last}, {Batches} batches, starting after {BatchesDone}")]
    public static partial void ShardStarted(ILogger logger, string jobId, int shard, string bucket, string key, string eTag, int first, int last, int batches, int batchesDone);

    // Stream jobs (issue 16/17, decision 0031): 1400-1419.
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Job {JobId} shard {Shard}: {Bucket}/{Key} (ETag {ETag}) read front to back as {Format}, {Objects} objects ({Bytes} bytes) already written and not written again")]
    public static partial void StreamShardStarted(ILogger logger, string jobId, int shard, string bucket, string key, string eTag, string format, int objects, long bytes);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Job {JobId} shard {Shard}: the first {Objects} objects ({Bytes} bytes) are written")]
    public static partial void StreamShardProgress(ILogger logger, string jobId, int shard, int objects, long bytes);

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Job {JobId} shard {Shard}: {Bucket}/{Key}: none of the {Objects} targets pre-exists ({HeadRequests} HEADs); the clean sweep is recorded")]
    public static partial void TargetSweepClean(ILogger logger, string jobId, int shard, string bucket, string key, int objects, int headRequests);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Job {JobId} shard {Shard}: {Bucket}/{Key}: a clean sweep of the targets is recorded; writing without checking them again")]
    public static partial void TargetSweepTrusted(ILogger logger, string jobId, int shard, string bucket, string key);

    [LoggerMessage(EventId = 1490, Level = LogLevel.Information, Message = "Job {JobId} shard {Shard}: {Bucket}/{Key} (ETag {ETag}) folders {FirstFolder} to {LastFolder} of the 7z, {Objects} objects ({Bytes} bytes) already written and not written again")]
    public static partial void SevenZipShardStarted(ILogger logger, string jobId, int shard, string bucket, string key, string eTag, int firstFolder, int lastFolder, int objects, long bytes);

    [LoggerMessage(EventId = 1491, Level = LogLevel.Information, Message = "Event {EventId}: {Bucket}/{Key} (ETag {ETag}) stays a one-shard job: its 7z header is unreadable or has one folder range")]
    public static partial void SevenZipOneShard(ILogger logger, string eventId, string bucket, string key, string eTag);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Information, Message = "Event {EventId}: {Bucket}/{Key} (ETag {ETag}) stays a one-shard job: its 7z folder ranges were not planned within Jobs:RangePlanningSeconds ({LimitMs} ms)")]
    public static partial void SevenZipRangesNotPlannedInTime(ILogger logger, string eventId, string bucket, string key, string eTag, long limitMs);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "Job {JobId} shard {Shard}: batch {Batch} of {Batches} written ({Objects} objects, {Bytes} bytes so far)")]
    public static partial void ShardBatchDone(ILogger logger, string jobId, int shard, int batch, int batches, int objects, long bytes);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Information, Message = "Job {JobId} shard {Shard}: done, {Objects} objects, {Bytes} bytes in {DurationMs} ms")]
    public static partial void ShardDone(ILogger logger, string jobId, int shard, int objects, long bytes, long durationMs);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Information, Message = "Job {JobId}: every shard done; manifest written for {Bucket}/{Key} (ETag {ETag}): {Objects} objects, {Bytes} bytes")]
    public static partial void JobCompleted(ILogger logger, string jobId, string bucket, string key, string eTag, int objects, long bytes);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Warning, Message = "Job {JobId} shard {Shard}: {Bucket}/{Key} rejected, the job fails: {Reason}")]
    public static partial void ShardRejected(ILogger logger, Exception exception, string jobId, int shard, string bucket, string key, string reason);

    [LoggerMessage(EventId = 1210, Level = LogLevel.Warning, Message = "Job {JobId} shard {Shard}: {Bucket}/{Key} no longer has ETag {ETag} (a newer upload has its own job); the shard stops")]
    public static partial void ShardSourceChanged(ILogger logger, string jobId, int shard, string bucket, string key, string eTag);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Warning, Message = "Job {JobId} shard {Shard}: attempt {Attempt} failed, retrying ({Retries} retries left)")]
    public static partial void ShardRetrying(ILogger logger, Exception exception, string jobId, int shard, int attempt, int retries);

    [LoggerMessage(EventId = 1212, Level = LogLevel.Error, Message = "Job {JobId} shard {Shard}: failed after {Attempts} attempts; a redelivery of the event restarts it")]
    public static partial void ShardExhausted(ILogger logger, Exception? exception, string jobId, int shard, int attempts);

    [LoggerMessage(EventId = 1213, Level = LogLevel.Error, Message = "Job {JobId}: the record for {Bucket} under {OutputPrefix} is missing or unreadable; the shard cannot run")]
    public static partial void JobRecordMissing(ILogger logger, string jobId, string bucket, string outputPrefix);

    [LoggerMessage(EventId = 1214, Level = LogLevel.Information, Message = "Job {JobId}: dispatched {Shards} shards through {Dispatcher}")]
    public static partial void JobDispatched(ILogger logger, string jobId, int shards, string dispatcher);

    [LoggerMessage(EventId = 1215, Level = LogLevel.Warning, Message = "Job {JobId}: superseded by job {CurrentJobId} of a newer upload; not finishing it")]
    public static partial void JobSuperseded(ILogger logger, string jobId, string currentJobId);

    [LoggerMessage(EventId = 1216, Level = LogLevel.Error, Message = "Job {JobId} shard {Shard}: the run failed and will be retried")]
    public static partial void ShardFailed(ILogger logger, Exception exception, string jobId, int shard);
    // Issue 19 (rules): ids 1242-1261.
    [LoggerMessage(EventId = 1242, Level = LogLevel.Information, Message = "Event {EventId}: {Bucket}/{Key} (ETag {ETag}) source disposition {Disposition} applied after its manifest (rule {Rule})")]
    public static partial void SourceDisposed(ILogger logger, string eventId, string bucket, string key, string eTag, string disposition, string rule);

    [LoggerMessage(EventId = 1243, Level = LogLevel.Information, Message = "Backfill {BackfillId} of {Bucket}/{Prefix} started")]
    public static partial void BackfillStarted(ILogger logger, string backfillId, string bucket, string prefix);

    [LoggerMessage(EventId = 1244, Level = LogLevel.Information, Message = "Backfill {BackfillId} of {Bucket}/{Prefix} completed: {Archives} archives, {Expanded} expanded, {AlreadyExpanded} already expanded, {Rejected} rejected, {Failed} failed")]
    public static partial void BackfillCompleted(ILogger logger, string backfillId, string bucket, string prefix, int archives, int expanded, int alreadyExpanded, int rejected, int failed);

    [LoggerMessage(EventId = 1245, Level = LogLevel.Error, Message = "Backfill {BackfillId} of {Bucket}/{Prefix} failed")]
    public static partial void BackfillFailed(ILogger logger, Exception exception, string backfillId, string bucket, string prefix);

    [LoggerMessage(EventId = 1246, Level = LogLevel.Warning, Message = "Backfill {BackfillId}: {Bucket}/{Key} failed; running the backfill again retries it")]
    public static partial void BackfillArchiveFailed(ILogger logger, Exception exception, string backfillId, string bucket, string key);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "{Bucket}/{Key} (ETag {ETag}): entry {Entry} failed its integrity check ({Failure}) after its password verifier passed; reading it again with configured password {Candidate} of {Count}, which passes the verifier too")]
    public static partial void EncryptedEntryRetried(ILogger logger, string bucket, string key, string eTag, string entry, int candidate, int count, string failure);
}
