using OssUnzip.Function.Events;

namespace OssUnzip.Function.Expansion;

/// <summary>Expands the archive an object-created event names into the bucket, or says why not.</summary>
public interface IArchiveExpander
{
    /// <exception cref="OperationCanceledException">The caller gave up.</exception>
    /// <remarks>Storage and network failures propagate as exceptions: they are transient by nature.</remarks>
    Task<ExpansionOutcome> ExpandAsync(ObjectCreatedEvent objectCreated, CancellationToken cancellationToken);
}
