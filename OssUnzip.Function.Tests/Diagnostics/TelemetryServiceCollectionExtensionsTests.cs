using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Hosting;

namespace OssUnzip.Function.Tests.Diagnostics;

public sealed class TelemetryServiceCollectionExtensionsTests
{
    private static IHost Build(IDictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ServiceUrl"] = "http://127.0.0.1:9",
            ["Storage:Region"] = "us-east-1",
            ["Unzip:AllowedBuckets"] = "eb-ask",
            ["Auth:Mode"] = "None",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddOssUnzip(builder.Configuration);
        return builder.Build();
    }

    [Test]
    public void AddOssUnzip_NoOtlpEndpoint_NoMeterProvider()
    {
        using var host = Build(new Dictionary<string, string?>());

        Assert.That(host.Services.GetService<MeterProvider>(), Is.Null);
    }

    [Test]
    public void AddOssUnzip_OtlpEndpointConfigured_MeterProviderExports()
    {
        using var host = Build(new Dictionary<string, string?> { [TelemetryServiceCollectionExtensions.OtlpEndpointKey] = "http://127.0.0.1:4317" });

        Assert.That(host.Services.GetService<MeterProvider>(), Is.Not.Null);
    }

    [Test]
    public void AddOssUnzip_Expander_IsObserved()
    {
        using var host = Build(new Dictionary<string, string?>());

        Assert.That(host.Services.GetRequiredService<IArchiveExpander>(), Is.TypeOf<ObservedArchiveExpander>());
    }
}
