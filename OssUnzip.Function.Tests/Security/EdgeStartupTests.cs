using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Hosting;

namespace OssUnzip.Function.Tests.Security;

/// <summary>The app's whole composition (AddOssUnzip) under a generic host, started as the worker starts it.</summary>
public sealed class EdgeStartupTests
{
    private static IHost BuildHost(IDictionary<string, string?> extra)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ServiceUrl"] = "http://127.0.0.1:9",
            ["Storage:Region"] = "us-east-1",
            ["Unzip:AllowedBuckets"] = "eb-ask",
        });
        builder.Configuration.AddInMemoryCollection(extra);
        builder.Logging.ClearProviders();
        builder.Services.AddOssUnzip(builder.Configuration);
        return builder.Build();
    }

    [Test]
    public void StartAsync_WithoutAuthMode_RefusesNamingTheKey()
    {
        using var host = BuildHost(new Dictionary<string, string?>());

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("Auth:Mode"));
    }

    [Test]
    public void StartAsync_BodyLimitOutOfRange_RefusesNamingTheKey()
    {
        using var host = BuildHost(new Dictionary<string, string?> { ["Auth:Mode"] = "None", ["Http:MaxBodyBytes"] = "10" });

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("Http:MaxBodyBytes"));
    }

    [Test]
    public async Task StartAsync_ModeNoneChosenExplicitly_Starts()
    {
        using var host = BuildHost(new Dictionary<string, string?> { ["Auth:Mode"] = "None" });

        await host.StartAsync();
        await host.StopAsync();

        Assert.That(host.Services.GetRequiredService<IOptions<OssUnzip.Function.Security.AuthOptions>>().Value.Mode, Is.EqualTo(OssUnzip.Function.Security.AuthMode.None));
    }
}
