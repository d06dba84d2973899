using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using OssUnzip.Local.Protos;

namespace OssUnzip.Local.Host;

/// <summary>
/// The host side of one worker's FunctionRpc.EventStream. After the worker's StartStream it runs
/// the handshake (WorkerInitRequest, FunctionsMetadataRequest, one FunctionLoadRequest per function)
/// and then carries invocations. Replies are paired with requests by request_id (control messages)
/// or invocation_id (invocations); writes to the stream are serialised because gRPC allows one at a time.
/// </summary>
internal sealed class WorkerConnection : IDisposable
{
    private const string HostVersion = "4.0.0-ossunzip-local";

    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new();
    private readonly TaskCompletionSource<IReadOnlyList<HttpFunction>> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly WorkerApp _app;
    private readonly ILogger<WorkerConnection> _logger;
    private readonly ILogger _workerLogger;
    private IServerStreamWriter<StreamingMessage>? _writer;
    private bool _disposed;

    public WorkerConnection(WorkerApp app, ILoggerFactory loggerFactory)
    {
        _app = app;
        _logger = loggerFactory.CreateLogger<WorkerConnection>();
        _workerLogger = loggerFactory.CreateLogger("Worker");
    }

    public string WorkerId { get; } = Guid.NewGuid().ToString();

    /// <summary>Completes with the routable functions once every function is loaded; faults if the handshake fails.</summary>
    public Task<IReadOnlyList<HttpFunction>> Ready => _ready.Task;

    public async Task RunAsync(
        IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        var token = linked.Token;

        if (!await requests.MoveNext(token).ConfigureAwait(false) || requests.Current.StartStream is null)
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.InvalidArgument, "The first message must be StartStream."));
        }

        if (requests.Current.StartStream.WorkerId != WorkerId || Interlocked.CompareExchange(ref _writer, responses, null) is not null)
        {
            HostLog.UnknownWorker(_logger, requests.Current.StartStream.WorkerId);
            throw new Grpc.Core.RpcException(new Status(StatusCode.PermissionDenied, "Unknown or duplicate worker."));
        }

        HostLog.WorkerConnected(_logger, WorkerId);
        var handshake = HandshakeAsync(token);
        try
        {
            while (await requests.MoveNext(token).ConfigureAwait(false))
            {
                Dispatch(requests.Current);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The stack is stopping; the worker is being terminated.
        }
        finally
        {
            HostLog.WorkerDisconnected(_logger);
            FailPending(new WorkerUnavailableException("The worker disconnected."));
            _ready.TrySetException(new WorkerUnavailableException("The worker disconnected before its functions were loaded."));
        }

        await handshake.ConfigureAwait(false);
    }

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reply = await SendAndReceiveAsync(
                request.InvocationId, new StreamingMessage { RequestId = request.InvocationId, InvocationRequest = request }, cancellationToken)
            .ConfigureAwait(false);
        return reply.InvocationResponse;
    }

    /// <summary>Asks the worker to stop and ends the stream; the caller then stops the process.</summary>
    public async Task TerminateAsync(TimeSpan gracePeriod)
    {
        if (Volatile.Read(ref _writer) is not null && !_closing.IsCancellationRequested)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await WriteAsync(
                    new StreamingMessage
                    {
                        WorkerTerminate = new WorkerTerminate { GracePeriod = new Duration { Seconds = (long)gracePeriod.TotalSeconds } },
                    },
                    timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException or WorkerUnavailableException)
            {
                // The stream is already unusable; the process is stopped by the caller regardless.
            }
        }

        await _closing.CancelAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _closing.Dispose();
        _writeLock.Dispose();
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var init = await SendControlAsync(
                new StreamingMessage
                {
                    WorkerInitRequest = new WorkerInitRequest
                    {
                        HostVersion = HostVersion,
                        WorkerDirectory = _app.Directory,
                        FunctionAppDirectory = _app.Directory,
                    },
                },
                cancellationToken).ConfigureAwait(false);
            EnsureSuccess("WorkerInitRequest", init.WorkerInitResponse?.Result);

            var metadata = await SendControlAsync(
                new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = _app.Directory } },
                cancellationToken).ConfigureAwait(false);
            EnsureSuccess("FunctionsMetadataRequest", metadata.FunctionMetadataResponse?.Result);

            var functions = new List<HttpFunction>();
            foreach (var function in metadata.FunctionMetadataResponse!.FunctionMetadataResults)
            {
                functions.AddRange(await LoadAsync(function, cancellationToken).ConfigureAwait(false));
            }

            _ready.TrySetResult(functions);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            HostLog.HandshakeFailed(_logger, ex.Message);
            _ready.TrySetException(ex);
        }
        catch (OperationCanceledException ex)
        {
            _ready.TrySetCanceled(ex.CancellationToken);
        }
    }

    private async Task<IEnumerable<HttpFunction>> LoadAsync(RpcFunctionMetadata function, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(function.FunctionId))
        {
            function.FunctionId = Guid.NewGuid().ToString();
        }

        FunctionBindings.PopulateBindings(function);
        var loaded = await SendControlAsync(
            new StreamingMessage { FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function } },
            cancellationToken).ConfigureAwait(false);
        EnsureSuccess($"FunctionLoadRequest({function.Name})", loaded.FunctionLoadResponse?.Result);

        var http = FunctionBindings.ToHttpFunction(function, _app.RoutePrefix);
        if (http is null)
        {
            HostLog.FunctionNotRoutable(_logger, function.Name);
            return [];
        }

        HostLog.FunctionLoaded(_logger, http.Name, http.MethodsDescription, http.RouteTemplate);
        return [http];
    }

    private static void EnsureSuccess(string step, StatusResult? result)
    {
        if (result is null || result.Status != StatusResult.Types.Status.Success)
        {
            var reason = result?.Exception?.Message ?? result?.Result ?? "no reply";
            throw new InvalidOperationException($"{step} failed: {reason}");
        }
    }

    private Task<StreamingMessage> SendControlAsync(StreamingMessage message, CancellationToken cancellationToken)
    {
        message.RequestId = Guid.NewGuid().ToString();
        return SendAndReceiveAsync(message.RequestId, message, cancellationToken);
    }

    private async Task<StreamingMessage> SendAndReceiveAsync(string key, StreamingMessage message, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(key, reply))
        {
            throw new InvalidOperationException($"A request with id {key} is already pending.");
        }

        try
        {
            await WriteAsync(message, cancellationToken).ConfigureAwait(false);
            return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    private async Task WriteAsync(StreamingMessage message, CancellationToken cancellationToken)
    {
        var writer = Volatile.Read(ref _writer) ?? throw new WorkerUnavailableException("The worker has not connected.");
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        var key = message.ContentCase switch
        {
            StreamingMessage.ContentOneofCase.InvocationResponse => message.InvocationResponse.InvocationId,
            StreamingMessage.ContentOneofCase.WorkerInitResponse
                or StreamingMessage.ContentOneofCase.FunctionMetadataResponse
                or StreamingMessage.ContentOneofCase.FunctionLoadResponse => message.RequestId,
            _ => null,
        };

        if (message.ContentCase == StreamingMessage.ContentOneofCase.RpcLog)
        {
            WorkerLogPrinter.Print(_workerLogger, message.RpcLog);
        }
        else if (key is not null && _pending.TryGetValue(key, out var reply))
        {
            reply.TrySetResult(message);
        }
        else
        {
            HostLog.IgnoredMessage(_logger, message.ContentCase);
        }
    }

    private void FailPending(Exception error)
    {
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(error);
        }
    }
}
