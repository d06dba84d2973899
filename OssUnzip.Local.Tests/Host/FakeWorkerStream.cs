using System.Threading.Channels;
using Grpc.Core;
using OssUnzip.Local.Protos;

namespace OssUnzip.Local.Tests.Host;

/// <summary>
/// Both ends of an EventStream as the host sees them, played by a scripted worker: every message
/// the host writes is recorded and answered by the responder; the replies become the host's input.
/// </summary>
internal sealed class FakeWorkerStream(Func<StreamingMessage, IEnumerable<StreamingMessage>> responder)
    : IAsyncStreamReader<StreamingMessage>, IServerStreamWriter<StreamingMessage>
{
    private readonly Channel<StreamingMessage> _toHost = Channel.CreateUnbounded<StreamingMessage>();
    private readonly List<StreamingMessage> _sent = [];

    public StreamingMessage Current { get; private set; } = null!;

    public WriteOptions? WriteOptions { get; set; }

    public IReadOnlyList<StreamingMessage> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (!await _toHost.Reader.WaitToReadAsync(cancellationToken))
        {
            return false;
        }

        Current = await _toHost.Reader.ReadAsync(cancellationToken);
        return true;
    }

    public Task WriteAsync(StreamingMessage message)
    {
        lock (_sent)
        {
            _sent.Add(message.Clone());
        }

        foreach (var reply in responder(message))
        {
            Send(reply);
        }

        return Task.CompletedTask;
    }

    public Task WriteAsync(StreamingMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(message);
    }

    public void Send(StreamingMessage message) => _toHost.Writer.TryWrite(message);

    public void Disconnect() => _toHost.Writer.TryComplete();
}
