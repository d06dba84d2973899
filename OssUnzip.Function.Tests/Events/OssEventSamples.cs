using System.Text;
using System.Text.Json.Nodes;

namespace OssUnzip.Function.Tests.Events;

/// <summary>
/// Event bodies in the shapes docs/facts.md §2 describes (field names from a real EventBridge-traced OSS event;
/// values illustrative), as mutable JSON so a test can break exactly one field.
/// </summary>
internal static class OssEventSamples
{
    public const string Bucket = "eb-ask";
    public const string Key = "zip/photos 2026.zip";
    public const string ETag = "5B3C1A2B3C4D5E6F7A8B9C0D1E2F3A4B";
    public const string CloudEventId = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    public const string RequestId = "655F0C1A2B3C4D5E6F7A8B9C";

    /// <summary>The OSS record: what EventBridge puts in <c>data</c>, and what a "partial event: $.data" sends.</summary>
    public static JsonObject Record(string key = Key, string eventName = "ObjectCreated:PutObject", string bucket = Bucket, string requestId = RequestId) => new()
    {
        ["eventName"] = eventName,
        ["eventSource"] = "acs:oss",
        ["eventTime"] = "2026-11-26T09:00:00.000Z",
        ["eventVersion"] = "1.0",
        ["region"] = "cn-hangzhou",
        ["requestParameters"] = new JsonObject { ["sourceIPAddress"] = "198.51.100.7" },
        ["responseElements"] = new JsonObject { ["requestId"] = requestId },
        ["userIdentity"] = new JsonObject { ["principalId"] = "203456789012345678" },
        ["oss"] = new JsonObject
        {
            ["ossSchemaVersion"] = "1.0",
            ["bucket"] = new JsonObject
            {
                ["name"] = bucket,
                ["arn"] = $"acs:oss:cn-hangzhou:1234567890123456:{bucket}",
                ["virtualBucket"] = "",
                ["ownerIdentity"] = "1234567890123456",
            },
            ["object"] = new JsonObject
            {
                ["key"] = key,
                ["size"] = 1_048_576,
                ["eTag"] = ETag,
                ["deltaSize"] = 1_048_576,
                ["objectMeta"] = new JsonObject { ["mimeType"] = "application/zip" },
            },
        },
    };

    /// <summary>The complete CloudEvent exactly as EventBridge delivers it to an HTTP target (structured mode).</summary>
    public static JsonObject CloudEvent(string key = Key, string type = "oss:ObjectCreated:PutObject") => new()
    {
        ["specversion"] = "1.0",
        ["id"] = CloudEventId,
        ["source"] = "acs.oss",
        ["type"] = type,
        ["subject"] = $"acs:oss:cn-hangzhou:1234567890123456:{Bucket}/{key}",
        ["time"] = "2026-11-26T09:00:00.000Z",
        ["datacontenttype"] = "application/json;charset=utf-8",
        ["aliyunaccountid"] = "1234567890123456",
        ["aliyunoriginalaccountid"] = "1234567890123456",
        ["aliyunpublishtime"] = "2026-11-26T09:00:00.123Z",
        ["aliyuneventbusname"] = "default",
        ["aliyunregionid"] = "cn-hangzhou",
        ["data"] = Record(key),
    };

    /// <summary>The older OSS notification form (Function Compute / MNS).</summary>
    public static JsonObject Notification(params JsonObject[] records) => new()
    {
        ["events"] = new JsonArray([.. records]),
    };

    public static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
}
