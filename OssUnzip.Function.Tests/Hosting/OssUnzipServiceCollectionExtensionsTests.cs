using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Hosting;

namespace OssUnzip.Function.Tests.Hosting;

/// <summary>The app's composition: validated settings stop startup with messages naming the keys.</summary>
public sealed class OssUnzipServiceCollectionExtensionsTests
{
    private static readonly Dictionary<string, string?> ValidSettings = new()
    {
        ["Storage:ServiceUrl"] = "https://s3.oss-cn-hangzhou.aliyuncs.com",
        ["Storage:Region"] = "oss-cn-hangzhou",
        ["Unzip:AllowedBuckets"] = "eb-ask",
        ["Auth:Mode"] = "Token",
        ["Auth:Tokens"] = "composition-test-token",
    };

    private static IHost CreateSut(IDictionary<string, string?> overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(ValidSettings);
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Services.AddOssUnzip(builder.Configuration);
        return builder.Build();
    }

    [Test]
    public async Task StartAsync_ValidSettings_StartsAndResolvesTheExpander()
    {
        using var host = CreateSut(new Dictionary<string, string?>());

        await host.StartAsync();

        Assert.That(host.Services.GetRequiredService<IArchiveExpander>(), Is.Not.Null);
        await host.StopAsync();
    }

    [Test]
    public void StartAsync_OutputPrefixInsideInputPrefix_FailsNamingBothSettings()
    {
        using var host = CreateSut(new Dictionary<string, string?> { ["Unzip:InputPrefix"] = "zip/", ["Unzip:OutputPrefix"] = "zip/out/" });

        var failure = Assert.ThrowsAsync<OptionsValidationException>(async () => await host.StartAsync());

        Assert.That(failure!.Message, Does.Contain("Unzip:OutputPrefix").And.Contain("Unzip:InputPrefix"));
    }

    [Test]
    public void StartAsync_SeveralBadSettings_FailsNamingEachKey()
    {
        using var host = CreateSut(new Dictionary<string, string?>
        {
            ["Storage:ServiceUrl"] = "not a url",
            ["Archive:PartSizeBytes"] = "10",
            ["Archive:NameEncoding"] = "klingon",
            ["Shutdown:GracePeriodSeconds"] = "-1",
            ["Auth:Mode"] = "Signature",
        });

        var failure = Assert.CatchAsync(async () => await host.StartAsync());

        Assert.That(failure!.ToString(), Does.Contain("Storage:ServiceUrl").And.Contain("Archive:PartSizeBytes").And.Contain("Archive:NameEncoding").And.Contain("Shutdown:GracePeriodSeconds").And.Contain("Auth:SignedUrl"));
    }
}
