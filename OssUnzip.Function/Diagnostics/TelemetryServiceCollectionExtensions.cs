using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace OssUnzip.Function.Diagnostics;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The OTLP endpoint variable every OpenTelemetry SDK reads; exporting is off when it is unset.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The <see cref="OssUnzipMetrics"/> instruments and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set,
    /// OpenTelemetry metrics exported over OTLP. The per-archive summary around the expander is the
    /// expansion pipeline's (it sits above this folder).
    /// </summary>
    public static IServiceCollection AddExpansionTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OssUnzipMetrics>();

        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]))
        {
            // The exporter reads OTEL_EXPORTER_OTLP_* (endpoint, protocol, headers) from configuration itself.
            services.AddOpenTelemetry()
                .UseFunctionsWorkerDefaults()
                .WithMetrics(metrics => metrics.AddMeter(OssUnzipMetrics.MeterName).AddOtlpExporter());
        }

        return services;
    }
}
