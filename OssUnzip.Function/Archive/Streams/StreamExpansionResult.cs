using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Writing;

namespace OssUnzip.Function.Archive.Streams;

/// <summary>What a front-to-back expansion decided (the planner's lists) and wrote.</summary>
internal sealed record StreamExpansionResult(StreamEntryPlanner Plan, WriteResult Written, int GetRequests, int HeadRequests);
