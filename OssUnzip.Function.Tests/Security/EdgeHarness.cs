using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Security;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Security;

/// <summary>
/// The edge as the app composes it (AddEdgeSecurity) with a fake clock, a fake certificate host and a
/// log collector; invokes <see cref="EdgeGuardMiddleware"/> on a hand-written invocation.
/// </summary>
internal sealed class EdgeHarness : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public EdgeHarness(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddMetrics();
        services.AddSingleton<OssUnzipMetrics>();
        services.AddEdgeSecurity(configuration);
        services.AddHttpClient(SigningKeyCache.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Certificates);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeTimeProvider Clock { get; } = new(Now);

    public CertificateServer Certificates { get; } = new();

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    public IServiceProvider Services => _services;

    public static Dictionary<string, string?> TokenSettings(string tokens) => new() { ["Auth:Mode"] = "Token", ["Auth:Tokens"] = tokens };

    public static Dictionary<string, string?> SignatureSettings() => new() { ["Auth:Mode"] = "Signature", ["Auth:SignedUrl"] = TestSigner.SignedUrl };

    /// <summary>Runs the middleware; returns whether the function ran, and the response the middleware set instead.</summary>
    public async Task<(bool Passed, FakeHttpResponseData? Response, FakeHttpRequestData Request)> InvokeAsync(
        byte[] body, IEnumerable<KeyValuePair<string, string>>? headers = null, string function = "unzip")
    {
        var context = new FakeFunctionContext(function);
        var request = new FakeHttpRequestData(context, body, headers);
        context.UseHttpRequest(request);
        var passed = false;
        var sut = ActivatorUtilities.CreateInstance<EdgeGuardMiddleware>(_services);
        await sut.Invoke(context, _ =>
        {
            passed = true;
            return Task.CompletedTask;
        });
        return (passed, context.InvocationResult as FakeHttpResponseData, request);
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public void Dispose() => _services.Dispose();
}
