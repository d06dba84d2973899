using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using OssUnzip.Local.Host;
using OssUnzip.Local.Protos;

namespace OssUnzip.Local.Tests.Host;

public class InvocationResponseWriterTests
{
    [Test]
    public async Task WriteAsync_ReturnValueHttp_WritesStatusHeadersAndBody()
    {
        var http = new RpcHttp { StatusCode = "202", Body = new TypedData { Bytes = ByteString.CopyFromUtf8("""{"ok":true}""") } };
        http.Headers["Content-Type"] = "application/json; charset=utf-8";
        http.Headers["Content-Length"] = "999";
        var invocation = Success();
        invocation.ReturnValue = new TypedData { Http = http };
        var context = NewContext();

        await InvocationResponseWriter.WriteAsync(invocation, context.Response, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(202));
            Assert.That(context.Response.Headers.ContentType.ToString(), Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(context.Response.ContentLength, Is.EqualTo(11));
            Assert.That(Body(context), Is.EqualTo("""{"ok":true}"""));
        });
    }

    [Test]
    public async Task WriteAsync_HttpOutputBinding_UsedWhenNoReturnValue()
    {
        var invocation = Success();
        invocation.OutputData.Add(new ParameterBinding
        {
            Name = "Response",
            Data = new TypedData { Http = new RpcHttp { StatusCode = "400", Body = new TypedData { String = "bad" } } },
        });
        var context = NewContext();

        await InvocationResponseWriter.WriteAsync(invocation, context.Response, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(400));
            Assert.That(Body(context), Is.EqualTo("bad"));
        });
    }

    [Test]
    public async Task WriteAsync_FailedInvocation_Writes500WithoutBody()
    {
        var invocation = new InvocationResponse
        {
            InvocationId = "i",
            Result = new StatusResult { Status = StatusResult.Types.Status.Failure, Exception = new RpcException { Message = "boom" } },
        };
        var context = NewContext();

        await InvocationResponseWriter.WriteAsync(invocation, context.Response, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(500));
            Assert.That(Body(context), Is.Empty);
        });
    }

    [Test]
    public async Task WriteAsync_NoHttpOutput_Writes204()
    {
        var context = NewContext();

        await InvocationResponseWriter.WriteAsync(Success(), context.Response, CancellationToken.None);

        Assert.That(context.Response.StatusCode, Is.EqualTo(204));
    }

    private static InvocationResponse Success() =>
        new() { InvocationId = "i", Result = new StatusResult { Status = StatusResult.Types.Status.Success } };

    private static DefaultHttpContext NewContext()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(DefaultHttpContext context) =>
        Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
