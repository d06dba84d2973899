using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OssUnzip.Function.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Validated <see cref="StorageOptions"/>, one <see cref="IAmazonS3"/> per process, and the store seam.</summary>
    public static IServiceCollection AddObjectStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton<IAmazonS3>(sp => CreateClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetService<HttpClientFactory>()));
        services.TryAddSingleton<IObjectStore, S3ObjectStore>();
        return services;
    }

    /// <summary>Builds the S3 client with the settings OSS needs (docs/facts.md §5).</summary>
    /// <param name="httpClientFactory">Optional: lets tests and benchmarks put a handler under the client.</param>
    internal static AmazonS3Client CreateClient(StorageOptions options, HttpClientFactory? httpClientFactory = null)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            AuthenticationRegion = options.Region,
            ForcePathStyle = options.ForcePathStyle,
            // Third-party stores reject the CRC32 trailers newer SDKs add by default.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = options.MaxErrorRetry,
            Timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
            MaxConnectionsPerServer = options.MaxConnections,
        };
        if (httpClientFactory is not null)
        {
            config.HttpClientFactory = httpClientFactory;
        }

        return string.IsNullOrEmpty(options.AccessKeyId)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey), config);
    }
}
