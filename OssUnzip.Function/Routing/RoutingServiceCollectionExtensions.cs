using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OssUnzip.Function.Routing;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>Validated <see cref="UnzipOptions"/> (including the loop guard) and the <see cref="EventRouter"/>.</summary>
    public static IServiceCollection AddEventRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UnzipOptions>().Bind(configuration.GetSection(UnzipOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UnzipOptions>, UnzipOptionsValidator>());
        services.TryAddSingleton<EventRouter>();
        return services;
    }
}
