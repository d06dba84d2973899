using System.Net;
using System.Text.Json;
using Amazon.S3;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Functions;
using OssUnzip.Function.Hosting;
using OssUnzip.Function.Http;
using OssUnzip.Function.Storage;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Http;

public sealed class FailureResponseMiddlewareTests
{
    private FakeFunctionContext _context = null!;
    private RecordingLogger _logger = null!;

    [SetUp]
    public void SetUp()
    {
        _context = new FakeFunctionContext();
        _context.UseHttpRequest(new FakeHttpRequestData(_context, []));
        _logger = new RecordingLogger();
    }

    private FailureResponseMiddleware CreateSut(string permanentFailureStatus = ResponseOptions.Acknowledge) =>
        new(_logger, Options.Create(new ResponseOptions { PermanentFailureStatus = permanentFailureStatus }));

    private static FunctionExecutionDelegate Throwing(Exception exception) => _ => throw exception;

    private FakeHttpResponseData Response() => (FakeHttpResponseData)_context.InvocationResult!;

    private JsonElement Body() => JsonDocument.Parse(Response().BodyText()).RootElement;

    [Test]
    public async Task Invoke_StorageUnavailable_Answers503Retryable()
    {
        var exception = new AmazonS3Exception("Service Unavailable") { StatusCode = HttpStatusCode.ServiceUnavailable };

        await CreateSut().Invoke(_context, Throwing(exception));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Response().StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(Body().GetProperty("retryable").GetBoolean(), Is.True);
            Assert.That(Body().GetProperty("status").GetString(), Is.EqualTo("failed"));
            Assert.That(Response().Headers.GetValues("Content-Type").Single(), Does.StartWith("application/json"));
        }
    }

    [Test]
    public async Task Invoke_NetworkFailure_Answers503Retryable()
    {
        await CreateSut().Invoke(_context, Throwing(new IOException("connection reset by peer")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Response().StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(Body().GetProperty("retryable").GetBoolean(), Is.True);
            Assert.That(Body().GetProperty("reason").GetString(), Is.EqualTo("connection reset by peer"));
        }
    }

    [Test]
    public async Task Invoke_AccessDenied_Answers403Retryable()
    {
        var exception = new AmazonS3Exception("Access Denied") { StatusCode = HttpStatusCode.Forbidden, ErrorCode = "AccessDenied" };

        await CreateSut().Invoke(_context, Throwing(exception));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Response().StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(Body().GetProperty("retryable").GetBoolean(), Is.True, "the RAM policy may be fixed");
            Assert.That(Body().GetProperty("status").GetString(), Is.EqualTo("access-denied"));
        }
    }

    [Test]
    public async Task Invoke_SourceChangedWithClientErrorSetting_Answers409()
    {
        await CreateSut(ResponseOptions.ClientError).Invoke(_context, Throwing(new SourceChangedException("zip/a.zip was replaced")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Response().StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(Body().GetProperty("status").GetString(), Is.EqualTo("source-changed"));
        }
    }

    [Test]
    public async Task Invoke_SourceChangedByDefault_Acknowledged200NotRetryable()
    {
        await CreateSut().Invoke(_context, Throwing(new SourceChangedException("zip/a.zip was replaced")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Response().StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Body().GetProperty("status").GetString(), Is.EqualTo("source-changed"));
            Assert.That(Body().GetProperty("retryable").GetBoolean(), Is.False);
        }
    }

    [Test]
    public async Task Invoke_StoreRefusedAnObject_AcknowledgedNeverRetryable()
    {
        var refusal = new ObjectRefusedException("unzip/x/.ossunzip/manifest.json", 400, "KeyTooLongError", "Your key is too long");

        await CreateSut().Invoke(_context, Throwing(refusal));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Response().StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Body().GetProperty("status").GetString(), Is.EqualTo("store-refused"));
            Assert.That(Body().GetProperty("retryable").GetBoolean(), Is.False);
        }
    }

    [Test]
    public async Task Invoke_UnexpectedException_Answers500WithoutLeakingTheMessage()
    {
        await CreateSut().Invoke(_context, Throwing(new InvalidOperationException("internal detail: key=AKIA-should-not-leak")));

        var text = Response().BodyText();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Response().StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(text, Does.Not.Contain("AKIA").And.Not.Contain("internal detail"));
            Assert.That(Body().GetProperty("retryable").GetBoolean(), Is.False);
            Assert.That(Body().GetProperty("reason").GetString(), Does.Contain("unexpected"));
        }
    }

    [Test]
    public async Task Invoke_Failure_IsLoggedOnceWithTheException()
    {
        var exception = new IOException("boom");

        await CreateSut().Invoke(_context, Throwing(exception));

        Assert.That(_logger.Entries, Has.Count.EqualTo(1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_logger.Entries[0].Level, Is.EqualTo(LogLevel.Error));
            Assert.That(_logger.Entries[0].EventId, Is.EqualTo(1007));
            Assert.That(_logger.Entries[0].Exception, Is.SameAs(exception));
            Assert.That(_logger.Entries[0].Message, Does.Contain(_context.InvocationId).And.Contain("Transient"));
        }
    }

    [Test]
    public async Task Invoke_NextSucceeds_LeavesTheResultAlone()
    {
        var called = false;

        await CreateSut().Invoke(_context, _ =>
        {
            called = true;
            return Task.CompletedTask;
        });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(called, Is.True);
            Assert.That(_context.InvocationResult, Is.Null);
            Assert.That(_logger.Entries, Is.Empty);
        }
    }

    [Test]
    public void Invoke_NotAnHttpInvocation_Rethrows()
    {
        _context.UseHttpRequest(null);
        var exception = new IOException("boom");
        var sut = CreateSut();

        Assert.That(async () => await sut.Invoke(_context, Throwing(exception)), Throws.Exception.SameAs(exception));
    }

    [Test]
    public void Invoke_OutOfMemory_IsNotCaught()
    {
        var sut = CreateSut();

        Assert.That(async () => await sut.Invoke(_context, Throwing(new InsufficientMemoryException("no room"))), Throws.TypeOf<InsufficientMemoryException>());
        Assert.That(_context.InvocationResult, Is.Null);
    }

    private sealed class RecordingLogger : ILogger<FailureResponseMiddleware>
    {
        public List<(LogLevel Level, int EventId, string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, eventId.Id, formatter(state, exception), exception));
    }
}
