using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using OssUnzip.Local.Host;
using OssUnzip.Local.Protos;

namespace OssUnzip.Local.Tests.Host;

public class WorkerConnectionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Test]
    public async Task RunAsync_Handshake_LoadsEveryFunctionWithTypedBindings()
    {
        using var sut = CreateSut();
        var worker = new FakeWorkerStream(m => HappyWorker(m));
        worker.Send(Start(sut.WorkerId));

        var run = sut.RunAsync(worker, worker, CancellationToken.None);
        var functions = await sut.Ready.WaitAsync(Wait);
        worker.Disconnect();
        await run.WaitAsync(Wait);

        var sent = worker.Sent;
        var load = sent.Single(m => m.FunctionLoadRequest is not null).FunctionLoadRequest;
        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(m => m.ContentCase), Is.EqualTo((StreamingMessage.ContentOneofCase[])
            [
                StreamingMessage.ContentOneofCase.WorkerInitRequest,
                StreamingMessage.ContentOneofCase.FunctionsMetadataRequest,
                StreamingMessage.ContentOneofCase.FunctionLoadRequest,
            ]));
            Assert.That(sent[0].WorkerInitRequest.FunctionAppDirectory, Is.EqualTo("/app"));
            Assert.That(load.FunctionId, Is.EqualTo("f-1"));
            Assert.That(load.Metadata.Bindings["req"].Type, Is.EqualTo("httpTrigger"));
            Assert.That(load.Metadata.Bindings["$return"].Direction, Is.EqualTo(BindingInfo.Types.Direction.Out));
            Assert.That(functions.Select(f => f.RouteTemplate), Is.EqualTo((string[])["api/unzip"]));
        });
    }

    [Test]
    public async Task InvokeAsync_RepliesOutOfOrder_PairsByInvocationId()
    {
        using var sut = CreateSut();
        var held = new List<StreamingMessage>();
        var worker = new FakeWorkerStream(m =>
        {
            if (m.InvocationRequest is null)
            {
                return HappyWorker(m);
            }

            lock (held)
            {
                held.Add(Reply(m.InvocationRequest));
                return held.Count == 2 ? [held[1], held[0]] : [];
            }
        });
        worker.Send(Start(sut.WorkerId));
        var run = sut.RunAsync(worker, worker, CancellationToken.None);
        await sut.Ready.WaitAsync(Wait);

        var first = sut.InvokeAsync(Invocation("inv-1"), CancellationToken.None);
        var second = sut.InvokeAsync(Invocation("inv-2"), CancellationToken.None);
        var responses = await Task.WhenAll(first, second).WaitAsync(Wait);
        worker.Disconnect();
        await run.WaitAsync(Wait);

        Assert.That(responses.Select(r => r.InvocationId), Is.EqualTo((string[])["inv-1", "inv-2"]));
    }

    [Test]
    public async Task RunAsync_WorkerDisconnectsMidInvocation_FailsTheInvocation()
    {
        using var sut = CreateSut();
        var worker = new FakeWorkerStream(m => m.InvocationRequest is null ? HappyWorker(m) : []);
        worker.Send(Start(sut.WorkerId));
        var run = sut.RunAsync(worker, worker, CancellationToken.None);
        await sut.Ready.WaitAsync(Wait);

        var invocation = sut.InvokeAsync(Invocation("inv-1"), CancellationToken.None);
        worker.Disconnect();
        await run.WaitAsync(Wait);

        Assert.ThrowsAsync<WorkerUnavailableException>(() => invocation.WaitAsync(Wait));
    }

    [Test]
    public void RunAsync_UnknownWorkerId_IsRejected()
    {
        using var sut = CreateSut();
        var worker = new FakeWorkerStream(_ => []);
        worker.Send(Start("someone-else"));

        var error = Assert.ThrowsAsync<Grpc.Core.RpcException>(() => sut.RunAsync(worker, worker, CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
    }

    [Test]
    public async Task RunAsync_MetadataFailure_FaultsReadyWithTheWorkersReason()
    {
        using var sut = CreateSut();
        var worker = new FakeWorkerStream(m => m.FunctionsMetadataRequest is null
            ? HappyWorker(m)
            : [new StreamingMessage
            {
                RequestId = m.RequestId,
                FunctionMetadataResponse = new FunctionMetadataResponse
                {
                    Result = new StatusResult { Status = StatusResult.Types.Status.Failure, Exception = new Protos.RpcException { Message = "no functions.metadata" } },
                },
            }]);
        worker.Send(Start(sut.WorkerId));
        var run = sut.RunAsync(worker, worker, CancellationToken.None);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => sut.Ready.WaitAsync(Wait));
        worker.Disconnect();
        await run.WaitAsync(Wait);

        Assert.That(error!.Message, Does.Contain("FunctionsMetadataRequest failed: no functions.metadata"));
    }

    private static WorkerConnection CreateSut() =>
        new(new WorkerApp("/app", "dotnet", "/app/OssUnzip.Function.dll", "api"), NullLoggerFactory.Instance);

    private static StreamingMessage Start(string workerId) => new() { StartStream = new StartStream { WorkerId = workerId } };

    private static InvocationRequest Invocation(string id) => new() { InvocationId = id, FunctionId = "f-1" };

    private static StreamingMessage Reply(InvocationRequest request) => new()
    {
        RequestId = request.InvocationId,
        InvocationResponse = new InvocationResponse
        {
            InvocationId = request.InvocationId,
            Result = new StatusResult { Status = StatusResult.Types.Status.Success },
        },
    };

    /// <summary>Answers the handshake the way the real worker does, with one HTTP function; invocations succeed.</summary>
    private static IEnumerable<StreamingMessage> HappyWorker(StreamingMessage message)
    {
        var success = new StatusResult { Status = StatusResult.Types.Status.Success };
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.WorkerInitRequest:
                yield return new StreamingMessage { RequestId = message.RequestId, WorkerInitResponse = new WorkerInitResponse { Result = success } };
                break;
            case StreamingMessage.ContentOneofCase.FunctionsMetadataRequest:
                var metadata = new RpcFunctionMetadata { Name = "unzip", FunctionId = "f-1", ScriptFile = "OssUnzip.Function.dll", EntryPoint = "U.Run" };
                metadata.RawBindings.Add("""{"name":"req","direction":"In","type":"httpTrigger","methods":["post"],"route":"unzip"}""");
                metadata.RawBindings.Add("""{"name":"$return","type":"http","direction":"Out"}""");
                var response = new FunctionMetadataResponse { Result = success };
                response.FunctionMetadataResults.Add(metadata);
                yield return new StreamingMessage { RpcLog = new RpcLog { Category = "Host", Message = "indexing" } };
                yield return new StreamingMessage { RequestId = message.RequestId, FunctionMetadataResponse = response };
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadRequest:
                yield return new StreamingMessage
                {
                    RequestId = message.RequestId,
                    FunctionLoadResponse = new FunctionLoadResponse { FunctionId = message.FunctionLoadRequest.FunctionId, Result = success },
                };
                break;
            case StreamingMessage.ContentOneofCase.InvocationRequest:
                yield return Reply(message.InvocationRequest);
                break;
        }
    }
}
