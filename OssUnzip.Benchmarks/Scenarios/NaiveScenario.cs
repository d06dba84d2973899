using System.IO.Compression;
using Amazon.S3.Model;
using OssUnzip.Benchmarks.Measurement;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>
/// (a) What most samples do: GetObject, hand the response stream to ZipArchive (which, the stream not
/// being seekable, first copies the whole archive into a MemoryStream — docs/facts.md §6), then for each
/// entry buffer it and PutObject, one after another. Bodies are sent plain (UseChunkEncoding off)
/// because the store would otherwise keep the aws-chunked framing.
/// </summary>
internal static class NaiveScenario
{
    public static async Task<ScenarioResult> RunAsync(ScenarioRequest request, CancellationToken cancellationToken)
    {
        await using var host = new ScenarioHost(request);
        var s3 = host.S3;
        var sampler = new MemorySampler();
        var clock = ScenarioClock.Start();
        long bytes = 0;
        long objects = 0;
        await using (sampler)
        using (var response = await s3.GetObjectAsync(request.Bucket, request.ArchiveKey, cancellationToken))
        using (var archive = new ZipArchive(response.ResponseStream, ZipArchiveMode.Read))
        {
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                {
                    continue;
                }

                using var body = new MemoryStream();
                await using (var content = entry.Open())
                {
                    await content.CopyToAsync(body, cancellationToken);
                }

                body.Position = 0;
                bytes += body.Length;
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = request.Bucket, Key = request.OutputPrefix + entry.FullName, InputStream = body, UseChunkEncoding = false }, cancellationToken);
                objects++;
            }
        }

        var seconds = clock.Seconds;
        return new ScenarioResult(seconds, bytes, objects, host.Requests, ResourceUsage.PeakRssBytes(), clock.CpuSeconds, null, null, sampler.Describe());
    }
}
