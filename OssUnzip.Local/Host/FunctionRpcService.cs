using Grpc.Core;
using OssUnzip.Local.Protos;

namespace OssUnzip.Local.Host;

/// <summary>The gRPC server side of FunctionRpc.EventStream; the connection owns the conversation.</summary>
internal sealed class FunctionRpcService(WorkerConnection connection) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return connection.RunAsync(requestStream, responseStream, context.CancellationToken);
    }
}
