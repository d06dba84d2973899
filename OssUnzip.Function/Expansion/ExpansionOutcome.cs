using OssUnzip.Function.Archive;
using OssUnzip.Function.Events;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// What handling one event came to. Transient failures are not outcomes: they surface as exceptions
/// and are mapped, in one place, to a retryable response.
/// </summary>
public abstract record ExpansionOutcome(ObjectCreatedEvent Event)
{
    /// <summary>The job this outcome ends, when a job produced it: the completion event's id (issue 16).</summary>
    public string? JobId { get; init; }
}

/// <summary>Not ours to expand (wrong bucket, prefix, suffix or type); nothing was read or written.</summary>
public sealed record IgnoredOutcome(ObjectCreatedEvent Event, string Reason) : ExpansionOutcome(Event);

/// <summary>Every planned entry was written.</summary>
public sealed record ExpandedOutcome(ObjectCreatedEvent Event, ExpansionReport Report) : ExpansionOutcome(Event);

/// <summary>A permanent failure: retrying the same event cannot succeed.</summary>
public sealed record RejectedOutcome(ObjectCreatedEvent Event, RejectionKind Kind, string Reason, IReadOnlyList<string> Entries) : ExpansionOutcome(Event)
{
    /// <summary>The key as found in the bucket (the event's spelling when none was found).</summary>
    public string Key { get; init; } = Event.Key;

    /// <summary>For invalid archives, one of <see cref="ArchiveRejectionCodes"/>; the kind's name for the other kinds.</summary>
    public string Code { get; init; } = Kind switch
    {
        RejectionKind.SourceMissing => "source-missing",
        RejectionKind.StoreRefused => ArchiveRejectionCodes.StoreRefused,
        RejectionKind.ReservedOutputFolder => "reserved-output-folder",
        _ => ArchiveRejectionCodes.CorruptCentralDirectory,
    };
}

/// <summary>A manifest shows this exact version (same ETag) was already expanded; nothing was read.</summary>
public sealed record AlreadyExpandedOutcome(ObjectCreatedEvent Event, string Bucket, string Key, string ETag, string OutputPrefix, int EntriesWritten, DateTimeOffset CompletedAt) : ExpansionOutcome(Event);

/// <summary>
/// The archive is (being) expanded by a job (issue 16): <c>accepted</c> when this delivery created it,
/// <c>in-progress</c> when it was already running; <paramref name="ShardsDone"/> of <paramref name="Shards"/> are finished.
/// </summary>
public sealed record JobOutcome(ObjectCreatedEvent Event, string Status, string Job, string Bucket, string Key, string ETag, string OutputPrefix, int ShardsDone, int Shards) : ExpansionOutcome(Event)
{
    public const string Accepted = "accepted";
    public const string InProgress = "in-progress";
}
