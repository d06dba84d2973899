using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Http;
using OssUnzip.Function.Routing;
using OssUnzip.Function.Security;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Hosting;

public static class OssUnzipServiceCollectionExtensions
{
    /// <summary>Everything the function app needs, one capability at a time.</summary>
    public static IServiceCollection AddOssUnzip(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddObjectStorage(configuration)
            .AddEventRouting(configuration)
            .AddExpansionTelemetry(configuration)
            .AddArchiveExpansion(configuration)
            .AddExpansionPipeline(configuration)
            .AddHttpResponses(configuration)
            .AddEdgeSecurity(configuration);
}
