using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Expansion.Jobs;

namespace OssUnzip.Function.Expansion;

public static class ExpansionServiceCollectionExtensions
{
    /// <summary>
    /// Idempotent, single-flight, shutdown-aware expansion behind <see cref="IArchiveExpander"/> (observed:
    /// one summary line and the archive metrics per event), and completion events. Needs the engine
    /// (<see cref="ArchiveServiceCollectionExtensions.AddArchiveExpansion"/>) and the metrics
    /// (<see cref="TelemetryServiceCollectionExtensions.AddExpansionTelemetry"/>).
    /// </summary>
    public static IServiceCollection AddExpansionPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShutdownOptions>().Bind(configuration.GetSection(ShutdownOptions.SectionName)).ValidateOnStart();
        services.AddOptions<CompletionOptions>().Bind(configuration.GetSection(CompletionOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ShutdownOptions>, ExpansionOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CompletionOptions>, ExpansionOptionsValidator>());

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
        services.TryAddSingleton<RuleExpansion>();
        services.TryAddSingleton<IArchiveInspector, ArchiveInspector>();
        services.TryAddSingleton<IBackfillService, BackfillService>();
        services.AddOptions<BackfillOptions>().Bind(configuration.GetSection(BackfillOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BackfillOptions>, BackfillOptionsValidator>());
        services.TryAddSingleton<RejectionStore>();
        services.AddJobs(configuration);
        services.TryAddSingleton<ExpansionPipeline>();
        services.TryAddSingleton<IArchiveExpander>(sp => ActivatorUtilities.CreateInstance<ObservedArchiveExpander>(sp, sp.GetRequiredService<ExpansionPipeline>()));
        return services;
    }
}
