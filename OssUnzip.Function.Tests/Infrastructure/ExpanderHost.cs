using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Events;
using OssUnzip.Function.Hosting;

namespace OssUnzip.Function.Tests.Infrastructure;

/// <summary>
/// The app's real service composition (AddOssUnzip) pointed at a test s3rver, with settings
/// overridable per test. Optionally puts an HTTP handler factory under the S3 client.
/// </summary>
internal sealed class ExpanderHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public ExpanderHost(S3rverProcess server, string bucket, IDictionary<string, string?>? settings = null, HttpClientFactory? httpClientFactory = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:ServiceUrl"] = server.ServiceUrl,
            ["Storage:Region"] = "us-east-1",
            ["Storage:ForcePathStyle"] = "true",
            ["Storage:AccessKeyId"] = S3rverProcess.AccessKey,
            ["Storage:SecretAccessKey"] = S3rverProcess.SecretKey,
            ["Storage:MaxErrorRetry"] = "2",
            ["Unzip:AllowedBuckets"] = bucket,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        if (httpClientFactory is not null)
        {
            services.AddSingleton(httpClientFactory);
        }

        services.AddOssUnzip(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public IArchiveExpander Expander => _services.GetRequiredService<IArchiveExpander>();

    public static ObjectCreatedEvent PutEvent(string bucket, string key) =>
        new("test-" + Guid.NewGuid().ToString("N"), "ObjectCreated:PutObject", bucket, key, null, null);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
