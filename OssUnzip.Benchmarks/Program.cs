using System.Text;
using System.Text.Json;
using OssUnzip.Benchmarks;
using OssUnzip.Benchmarks.Scenarios;
using OssUnzip.Testing;

// The expander decodes GBK/CP936 names through the code-pages provider, as the function app does.
Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

if (args is ["scenario", var requestPath])
{
    var request = JsonSerializer.Deserialize<ScenarioRequest>(await File.ReadAllTextAsync(requestPath, cancellation.Token))
        ?? throw new InvalidOperationException("empty scenario request");
    var result = await ScenarioRunner.RunAsync(request, cancellation.Token);
    await File.WriteAllTextAsync(request.ResultPath, JsonSerializer.Serialize(result), cancellation.Token);
    return 0;
}

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

return await new BenchmarkRun(options, RepositoryRoot.S3rverTool).RunAsync(cancellation.Token);
