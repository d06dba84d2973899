using System.Text;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using OssUnzip.Function.Expansion.Jobs;
using OssUnzip.Function.Hosting;
using OssUnzip.Function.Http;
using OssUnzip.Function.Security;

// Chinese Windows tools write GBK/CP936 names; those encodings live in the code-pages provider.
Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

// The same published app runs one shard of a job (issue 16): no Functions host, no HTTP.
if (args.Length > 0 && args[0] == ShardCommandLine.Verb)
{
    return await ShardCommand.RunAsync(args[1..]).ConfigureAwait(false);
}

var builder = FunctionsApplication.CreateBuilder(args);
builder.UseMiddleware<FailureResponseMiddleware>();
builder.UseMiddleware<EdgeGuardMiddleware>();
builder.Services.AddOssUnzip(builder.Configuration);

await builder.Build().RunAsync().ConfigureAwait(false);
return 0;
