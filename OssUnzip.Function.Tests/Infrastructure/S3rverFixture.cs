using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Storage;
using OssUnzip.S3rver;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Infrastructure;

/// <summary>
/// Base of every fixture that runs against a real s3rver: one server per fixture on 127.0.0.1 and an
/// OS-chosen port, with the fixture's buckets and a data directory of its own, started before the
/// fixture's tests and stopped (data deleted) after them; a client for it; and the app composed over
/// it. Derived fixtures' own one-time set-up runs after this one's and their tear-down before it.
/// </summary>
public abstract class S3rverFixture
{
    /// <summary>The tests' SDK retries: enough to ride out a blip, few enough that injected faults surface.</summary>
    private const int TestMaxErrorRetry = 2;

    private readonly string[] _buckets;
    private int _nextBucket;
    private string? _dataDirectory;
    private S3rverProcess? _server;
    private AmazonS3Client? _client;

    /// <param name="buckets">Created when the server starts.</param>
    protected S3rverFixture(params string[] buckets) => _buckets = buckets;

    /// <summary>
    /// A fixture whose tests each take a bucket of their own from <see cref="NextBucket"/>, so "nothing
    /// else was written" is checkable without clean-up: <paramref name="bucketPrefix"/>-0 to -(count - 1).
    /// </summary>
    protected S3rverFixture(string bucketPrefix, int bucketCount)
        : this(Enumerable.Range(0, bucketCount).Select(i => string.Create(CultureInfo.InvariantCulture, $"{bucketPrefix}-{i}")).ToArray())
    {
    }

    protected S3rverProcess Server => _server ?? throw new InvalidOperationException("s3rver is not started.");

    /// <summary>A client for the fixture's s3rver, configured as the app configures its own.</summary>
    protected AmazonS3Client Client => _client ?? throw new InvalidOperationException("s3rver is not started.");

    [OneTimeSetUp]
    public async Task StartS3rverAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("ossunzip-s3rver-").FullName;
        var startInfo = new S3rverStartInfo(RepositoryRoot.S3rverTool, _dataDirectory)
        {
            Buckets = _buckets,
            OnLog = line => TestContext.Progress.WriteLine("s3rver: " + line),
        };
        _server = await S3rverProcess.StartAsync(startInfo, CancellationToken.None);
        _client = CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopS3rverAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_dataDirectory is not null)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a dying process; the OS temp cleaner takes it later.
            }
        }
    }

    /// <summary>The next of the fixture's buckets no test has taken yet.</summary>
    protected string NextBucket()
    {
        var index = Interlocked.Increment(ref _nextBucket) - 1;
        return index < _buckets.Length
            ? _buckets[index]
            : throw new InvalidOperationException($"All {_buckets.Length} buckets of this fixture are taken; start it with more.");
    }

    protected AmazonS3Client CreateClient(HttpClientFactory? httpClientFactory = null) =>
        StorageServiceCollectionExtensions.CreateClient(
            new StorageOptions
            {
                ServiceUrl = Server.ServiceUrl,
                Region = "us-east-1",
                ForcePathStyle = true,
                AccessKeyId = S3rverProcess.AccessKey,
                SecretAccessKey = S3rverProcess.SecretKey,
                MaxErrorRetry = TestMaxErrorRetry,
                RequestTimeoutSeconds = 60,
            },
            httpClientFactory);

    /// <summary>The app composed over this fixture's s3rver (see <see cref="ExpanderHost"/>), with the tests' SDK retries.</summary>
    protected ExpanderHost CreateHost(
        string allowedBuckets,
        IDictionary<string, string?>? settings = null,
        HttpClientFactory? httpClientFactory = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var values = new Dictionary<string, string?> { ["Storage:MaxErrorRetry"] = TestMaxErrorRetry.ToString(CultureInfo.InvariantCulture) };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return new ExpanderHost(Server.ServiceUrl, allowedBuckets, values, httpClientFactory, configureServices);
    }
}
