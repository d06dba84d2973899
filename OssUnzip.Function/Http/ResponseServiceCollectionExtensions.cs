using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OssUnzip.Function.Http;

public static class ResponseServiceCollectionExtensions
{
    /// <summary>Validated <see cref="ResponseOptions"/>: how permanent failures are answered (the app does not start with a bad value).</summary>
    public static IServiceCollection AddHttpResponses(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ResponseOptions>().Bind(configuration.GetSection(ResponseOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResponseOptions>, ResponseOptionsValidator>());
        return services;
    }
}
