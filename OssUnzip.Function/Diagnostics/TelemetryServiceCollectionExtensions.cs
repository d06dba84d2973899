using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OssUnzip.Function.Archive;

namespace OssUnzip.Function.Diagnostics;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The OTLP endpoint variable every OpenTelemetry SDK reads; exporting is off when it is unset.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The <see cref="OssUnzipMetrics"/> instruments, the per-archive summary around the expander (call
    /// after <see cref="ArchiveServiceCollectionExtensions.AddArchiveExpansion"/>), and, when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, OpenTelemetry metrics exported over OTLP.
    /// </summary>
    public static IServiceCollection AddExpansionTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OssUnzipMetrics>();
        services.Decorate<IArchiveExpander>((inner, sp) => ActivatorUtilities.CreateInstance<ObservedArchiveExpander>(sp, inner));

        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]))
        {
            // The exporter reads OTEL_EXPORTER_OTLP_* (endpoint, protocol, headers) from configuration itself.
            services.AddOpenTelemetry()
                .UseFunctionsWorkerDefaults()
                .WithMetrics(metrics => metrics.AddMeter(OssUnzipMetrics.MeterName).AddOtlpExporter());
        }

        return services;
    }

    /// <summary>Replaces the registration of <typeparamref name="TService"/> with a wrapper around it, keeping its lifetime.</summary>
    internal static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, IServiceProvider, TService> decorate)
        where TService : class
    {
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(TService) && !d.IsKeyedService)
            ?? throw new InvalidOperationException($"{typeof(TService).Name} must be registered before it is decorated.");
        services.Remove(descriptor);
        services.Add(ServiceDescriptor.Describe(typeof(TService), sp => decorate(CreateInner<TService>(descriptor, sp), sp), descriptor.Lifetime));
        return services;
    }

    private static TService CreateInner<TService>(ServiceDescriptor descriptor, IServiceProvider services)
        where TService : class =>
        (TService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
