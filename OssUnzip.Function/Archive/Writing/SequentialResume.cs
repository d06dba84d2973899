namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// How a front-to-back run resumes and reports its progress (a stream job's shard, decision 0031): the
/// first <see cref="WrittenBefore"/> objects handed to the sink were completely written by an earlier run,
/// so their content is read (and checked: length, CRC-32) but not uploaded again; after every object
/// handed to the sink, <see cref="Checkpoint"/> is told the completed prefix (objects, bytes) so it can
/// record it. The numbering is the order objects are handed to the sink, the same on every run of the
/// same archive version and settings.
/// </summary>
internal sealed record SequentialResume(int WrittenBefore, long BytesBefore, Func<int, long, CancellationToken, Task> Checkpoint);
