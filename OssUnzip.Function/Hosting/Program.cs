using System.Text;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using OssUnzip.Function.Hosting;
using OssUnzip.Function.Http;
using OssUnzip.Function.Security;

// Chinese Windows tools write GBK/CP936 names; those encodings live in the code-pages provider.
Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

var builder = FunctionsApplication.CreateBuilder(args);
builder.UseMiddleware<FailureResponseMiddleware>();
builder.UseMiddleware<EdgeGuardMiddleware>();
builder.Services.AddOssUnzip(builder.Configuration);

await builder.Build().RunAsync().ConfigureAwait(false);
