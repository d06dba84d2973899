using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Http;

namespace OssUnzip.Function.Security;

public static class SecurityServiceCollectionExtensions
{
    private static readonly TimeSpan CertificateFetchTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Validated <see cref="AuthOptions"/> and <see cref="RequestLimitsOptions"/> (the app does not start
    /// without <c>Auth:Mode</c>), the authenticator, and the HTTP client that fetches signing certificates.
    /// The middleware itself is added in Program.cs.
    /// </summary>
    public static IServiceCollection AddEdgeSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.AddOptions<RequestLimitsOptions>().Bind(configuration.GetSection(RequestLimitsOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RequestLimitsOptions>, RequestLimitsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(SigningKeyCache.HttpClientName, client => client.Timeout = CertificateFetchTimeout);
        services.TryAddSingleton<SigningKeyCache>();
        services.TryAddSingleton<EventBridgeAuthenticator>();
        return services;
    }
}
