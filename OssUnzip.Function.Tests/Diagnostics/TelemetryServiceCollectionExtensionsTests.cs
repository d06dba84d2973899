using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Hosting;

namespace OssUnzip.Function.Tests.Diagnostics;

public sealed class TelemetryServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(IDictionary<string, string?> extra)
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

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddOssUnzip(configuration).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    [Test]
    public void AddOssUnzip_NoOtlpEndpoint_NoMeterProvider()
    {
        using var services = Build(new Dictionary<string, string?>());

        Assert.That(services.GetService<MeterProvider>(), Is.Null);
    }

    [Test]
    public void AddOssUnzip_OtlpEndpointConfigured_MeterProviderExports()
    {
        using var services = Build(new Dictionary<string, string?> { [TelemetryServiceCollectionExtensions.OtlpEndpointKey] = "http://127.0.0.1:4317" });

        Assert.That(services.GetService<MeterProvider>(), Is.Not.Null);
    }

    [Test]
    public void AddOssUnzip_Expander_IsObserved()
    {
        using var services = Build(new Dictionary<string, string?>());

        Assert.That(services.GetRequiredService<IArchiveExpander>(), Is.TypeOf<ObservedArchiveExpander>());
    }
}
