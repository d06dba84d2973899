using System.Diagnostics;
using System.Globalization;
using OssUnzip.Benchmarks.Measurement;
using OssUnzip.Benchmarks.Workloads;
using OssUnzip.S3rver;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>
/// (b) The pipeline the reference shells out to: `aws s3 cp` the archive to disk, unpack it (`unzip`;
/// a .tar.gz with GNU `tar xzf`, which runs gzip as its child), `aws s3 cp --recursive` the folder back. awscli is pointed at the loopback endpoint with path
/// style, the s3rver credentials in its environment, and checksums only when required, so it sends
/// plain bodies s3rver stores verbatim (newer botocore would otherwise add CRC trailers, docs/facts.md §5).
/// Peak RSS and CPU come from getrusage(RUSAGE_CHILDREN): the hungriest stage, and all stages' CPU.
/// </summary>
internal static class CliScenario
{
    public static async Task<ScenarioResult> RunAsync(ScenarioRequest request, Manifest manifest, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(request.WorkDirectory, "cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            var environment = AwsEnvironment(directory);
            var archive = Path.Combine(directory, Path.GetFileName(request.ArchiveKey));
            var output = Path.Combine(directory, "out");
            Directory.CreateDirectory(output);
            var unpack = UnpackCommand(request.Format, archive, output);
            var endpoint = request.ServiceUrl;
            var clock = Stopwatch.StartNew();
            var download = await ExternalCommand.TimeAsync(["aws", "--endpoint-url", endpoint, "s3", "cp", $"s3://{request.Bucket}/{request.ArchiveKey}", archive, "--only-show-errors"], environment, cancellationToken);
            var unpacked = await ExternalCommand.TimeAsync(unpack, environment, cancellationToken);
            var upload = await ExternalCommand.TimeAsync(["aws", "--endpoint-url", endpoint, "s3", "cp", output, $"s3://{request.Bucket}/{request.OutputPrefix}", "--recursive", "--only-show-errors"], environment, cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;
            var (peak, cpu) = ResourceUsage.Children();
            var note = string.Create(CultureInfo.InvariantCulture, $"download {download:F1} s, {unpack[0]} {unpacked:F1} s, upload {upload:F1} s");
            return new ScenarioResult(seconds, manifest.TotalBytes, manifest.Entries.Count, 0, peak, cpu.TotalSeconds, null, null, note);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The unpacking stage, by archive format; <paramref name="output"/> exists and is empty.</summary>
    private static string[] UnpackCommand(WorkloadFormat format, string archive, string output) => format switch
    {
        WorkloadFormat.Zip => ["unzip", "-q", "-o", archive, "-d", output],
        WorkloadFormat.TarGzip => ["tar", "xzf", archive, "-C", output],
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown workload format"),
    };

    private static Dictionary<string, string> AwsEnvironment(string directory)
    {
        var config = Path.Combine(directory, "aws-config");
        File.WriteAllText(config, """
            [default]
            region = us-east-1
            request_checksum_calculation = when_required
            response_checksum_validation = when_required
            s3 =
              addressing_style = path
            """);
        return new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = S3rverProcess.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = S3rverProcess.SecretKey,
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_CONFIG_FILE"] = config,
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(directory, "no-credentials"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_PAGER"] = "",
        };
    }
}
