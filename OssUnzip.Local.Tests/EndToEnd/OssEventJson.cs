using System.Text.Json.Nodes;

namespace OssUnzip.Local.Tests.EndToEnd;

/// <summary>A hand-written EventBridge CloudEvent for an OSS upload, shaped as docs/facts.md §2 describes.</summary>
internal static class OssEventJson
{
    public static string ObjectCreated(string bucket, string key, long size, string eTag) => new JsonObject
    {
        ["specversion"] = "1.0",
        ["id"] = Guid.NewGuid().ToString(),
        ["source"] = "acs.oss",
        ["type"] = "oss:ObjectCreated:PutObject",
        ["subject"] = $"acs:oss:cn-hangzhou:1234567890123456:{bucket}/{key}",
        ["time"] = "2026-11-26T09:40:00.000Z",
        ["datacontenttype"] = "application/json;charset=utf-8",
        ["aliyunaccountid"] = "1234567890123456",
        ["aliyunoriginalaccountid"] = "1234567890123456",
        ["aliyunpublishtime"] = "2026-11-26T09:40:00.100Z",
        ["aliyuneventbusname"] = "default",
        ["aliyunregionid"] = "cn-hangzhou",
        ["data"] = new JsonObject
        {
            ["eventName"] = "ObjectCreated:PutObject",
            ["eventSource"] = "acs:oss",
            ["eventTime"] = "2026-11-26T09:40:00.000Z",
            ["eventVersion"] = "1.0",
            ["region"] = "cn-hangzhou",
            ["requestParameters"] = new JsonObject { ["sourceIPAddress"] = "127.0.0.1" },
            ["responseElements"] = new JsonObject { ["requestId"] = "65F2C0A1B2C3D4E5F6A7B8C9" },
            ["userIdentity"] = new JsonObject { ["principalId"] = "1234567890123456" },
            ["oss"] = new JsonObject
            {
                ["ossSchemaVersion"] = "1.0",
                ["bucket"] = new JsonObject
                {
                    ["name"] = bucket,
                    ["arn"] = $"acs:oss:cn-hangzhou:1234567890123456:{bucket}",
                    ["virtualBucket"] = string.Empty,
                    ["ownerIdentity"] = "1234567890123456",
                },
                ["object"] = new JsonObject
                {
                    ["key"] = key,
                    ["size"] = size,
                    ["deltaSize"] = size,
                    ["eTag"] = eTag.ToUpperInvariant(),
                    ["objectMeta"] = new JsonObject { ["mimeType"] = "application/zip" },
                },
            },
        },
    }.ToJsonString();
}
