using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;

namespace OssUnzip.Local.EventBridge;

/// <summary>
/// Turns an s3rver S3 event record into the CloudEvent EventBridge delivers for OSS (docs/facts.md §2):
/// source acs.oss, type oss:ObjectCreated:PutObject|PostObject|CopyObject|CompleteMultipartUpload,
/// subject acs:oss:REGION:ACCOUNT:BUCKET/KEY and one OSS record in data. s3rver reports a completed
/// multipart upload as a Post whose ETag ends in "-N" (N parts), which is how the two are told apart.
/// Keys are passed raw, as in every published OSS sample (docs/facts.md §2 [U]: encoding undocumented).
/// </summary>
internal sealed partial class OssCloudEventConverter(TimeProvider timeProvider)
{
    /// <summary>A made-up 16-digit Alibaba Cloud account id for the local stack.</summary>
    public const string AccountId = "1000000000000001";

    public const string EventBusName = "default";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public OssEvent Convert(string s3Record)
    {
        using var document = JsonDocument.Parse(s3Record);
        var record = document.RootElement;
        var s3 = record.GetProperty("s3");
        var bucket = s3.GetProperty("bucket").GetProperty("name").GetString()
                     ?? throw new FormatException("The S3 record has no bucket name.");
        var obj = s3.GetProperty("object");
        var key = obj.GetProperty("key").GetString() ?? throw new FormatException("The S3 record has no object key.");
        var eTag = obj.TryGetProperty("eTag", out var etag) ? etag.GetString() : null;
        var size = obj.TryGetProperty("size", out var sizeElement) && sizeElement.ValueKind == JsonValueKind.Number
            ? sizeElement.GetInt64()
            : (long?)null;
        var region = OptionalString(record, "awsRegion") ?? "us-east-1";
        var eventTime = OptionalString(record, "eventTime") ?? Timestamp(timeProvider.GetUtcNow());
        var eventName = OssEventName(record.GetProperty("eventName").GetString() ?? string.Empty, eTag);
        var sourceIp = record.TryGetProperty("requestParameters", out var parameters) ? OptionalString(parameters, "sourceIPAddress") : null;
        var requestId = record.TryGetProperty("responseElements", out var responses) ? OptionalString(responses, "x-amz-request-id") : null;

        var ossObject = new JsonObject { ["key"] = key };
        if (size is { } length)
        {
            ossObject["size"] = length;
            ossObject["deltaSize"] = length;
        }

        if (eTag is not null)
        {
            ossObject["eTag"] = eTag;
        }

        ossObject["objectMeta"] = new JsonObject { ["mimeType"] = MimeType(key) };

        var id = Guid.NewGuid().ToString();
        var type = "oss:" + eventName;
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = id,
            ["source"] = "acs.oss",
            ["type"] = type,
            ["subject"] = $"acs:oss:{region}:{AccountId}:{bucket}/{key}",
            ["time"] = eventTime,
            ["datacontenttype"] = "application/json;charset=utf-8",
            ["aliyunaccountid"] = AccountId,
            ["aliyunoriginalaccountid"] = AccountId,
            ["aliyunpublishtime"] = Timestamp(timeProvider.GetUtcNow()),
            ["aliyuneventbusname"] = EventBusName,
            ["aliyunregionid"] = region,
            ["data"] = new JsonObject
            {
                ["eventName"] = eventName,
                ["eventSource"] = "acs:oss",
                ["eventTime"] = eventTime,
                ["eventVersion"] = "1.0",
                ["region"] = region,
                ["requestParameters"] = new JsonObject { ["sourceIPAddress"] = sourceIp ?? "127.0.0.1" },
                ["responseElements"] = new JsonObject { ["requestId"] = requestId ?? id },
                ["userIdentity"] = new JsonObject { ["principalId"] = AccountId },
                ["oss"] = new JsonObject
                {
                    ["ossSchemaVersion"] = "1.0",
                    ["bucket"] = new JsonObject
                    {
                        ["name"] = bucket,
                        ["arn"] = $"acs:oss:{region}:{AccountId}:{bucket}",
                        ["virtualBucket"] = string.Empty,
                        ["ownerIdentity"] = AccountId,
                    },
                    ["object"] = ossObject,
                },
            },
        };

        return new OssEvent(id, type, bucket, key, cloudEvent);
    }

    /// <summary>The OSS event name for an s3rver event name ("ObjectCreated:Put" → "ObjectCreated:PutObject").</summary>
    public static string OssEventName(string s3EventName, string? eTag) => s3EventName switch
    {
        "ObjectCreated:Put" => "ObjectCreated:PutObject",
        "ObjectCreated:Post" when eTag is not null && MultipartETag().IsMatch(eTag) => "ObjectCreated:CompleteMultipartUpload",
        "ObjectCreated:Post" => "ObjectCreated:PostObject",
        "ObjectCreated:Copy" => "ObjectCreated:CopyObject",
        "ObjectCreated:CompleteMultipartUpload" => "ObjectCreated:CompleteMultipartUpload",
        "ObjectRemoved:Delete" => "ObjectRemoved:DeleteObject",
        _ => s3EventName,
    };

    private static string MimeType(string key) =>
        ContentTypes.TryGetContentType(key, out var type) ? type : "application/octet-stream";

    private static string? OptionalString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex("-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex MultipartETag();
}
