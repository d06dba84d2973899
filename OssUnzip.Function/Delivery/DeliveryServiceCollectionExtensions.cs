using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive;

namespace OssUnzip.Function.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>Idempotent, single-flight, shutdown-aware expansion behind <see cref="IArchiveExpander"/>, and completion events.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShutdownOptions>().Bind(configuration.GetSection(ShutdownOptions.SectionName)).ValidateOnStart();
        services.AddOptions<CompletionOptions>().Bind(configuration.GetSection(CompletionOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ShutdownOptions>, DeliveryOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CompletionOptions>, DeliveryOptionsValidator>());

        // The host must wait for our grace period (plus a margin) before it gives up on stopping. Read
        // from configuration, not validated options: resolving those here would throw before the
        // startup validation that reports every bad setting at once.
        var grace = configuration.GetValue($"{ShutdownOptions.SectionName}:{nameof(ShutdownOptions.GracePeriodSeconds)}", new ShutdownOptions().GracePeriodSeconds);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(grace, 0) + 10));

        services.TryAddSingleton<ShutdownCoordinator>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownCoordinator>());
        services.TryAddSingleton<CompletionPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<CompletionPublisher>());
        services.AddHttpClient(CompletionPublisher.HttpClientName).AddStandardResilienceHandler();

        services.TryAddSingleton<ManifestStore>();
        services.TryAddSingleton<RejectionStore>();
        services.TryAddSingleton<IArchiveExpander, DeliveryExpander>();
        return services;
    }
}
