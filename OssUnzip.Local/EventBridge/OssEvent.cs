using System.Text.Json.Nodes;

namespace OssUnzip.Local.EventBridge;

/// <summary>An OSS-shaped CloudEvent built from one S3 event record, with the fields the trace line shows.</summary>
internal sealed record OssEvent(string Id, string Type, string Bucket, string Key, JsonObject CloudEvent);
