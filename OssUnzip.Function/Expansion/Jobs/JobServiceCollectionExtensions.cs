using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OssUnzip.Function.Expansion.Jobs;

public static class JobServiceCollectionExtensions
{
    /// <summary>
    /// Jobs (issue 16): options, records, the shard runner, the coordinator the pipeline asks, and the one
    /// dispatcher <c>Jobs:Mode</c> names. Part of <see cref="ExpansionServiceCollectionExtensions.AddExpansionPipeline"/>.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobOptions>, JobOptionsValidator>());
        services.TryAddSingleton<JobStore>();
        services.TryAddSingleton<ShardRunner>();
        services.TryAddSingleton<JobCoordinator>();
        services.TryAddSingleton<InProcessJobDispatcher>();
        services.TryAddSingleton<LocalProcessJobDispatcher>();
        services.TryAddSingleton<KubernetesJobDispatcher>();
        services.TryAddSingleton<IJobDispatcher>(sp => sp.GetRequiredService<IOptions<JobOptions>>().Value.Mode switch
        {
            JobMode.LocalProcesses => sp.GetRequiredService<LocalProcessJobDispatcher>(),
            JobMode.Kubernetes => sp.GetRequiredService<KubernetesJobDispatcher>(),
            _ => sp.GetRequiredService<InProcessJobDispatcher>(),
        });
        return services;
    }
}
