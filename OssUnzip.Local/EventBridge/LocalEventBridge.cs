using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OssUnzip.Local.EventBridge.Patterns;

namespace OssUnzip.Local.EventBridge;

/// <summary>
/// The local event bus: each S3 record becomes an OSS CloudEvent, is matched against the rule's
/// pattern, and matching events are pushed to the function, a few at a time, each with its own
/// retries. Every event ends in exactly one trace line.
/// </summary>
internal sealed class LocalEventBridge : IAsyncDisposable
{
    private const int MaxConcurrentDeliveries = 4;

    private readonly ChannelReader<string> _records;
    private readonly EventPattern _pattern;
    private readonly OssCloudEventConverter _converter;
    private readonly EventDelivery _delivery;
    private readonly Action<string> _trace;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _gate = new(MaxConcurrentDeliveries, MaxConcurrentDeliveries);
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private Task _pump = Task.CompletedTask;

    public LocalEventBridge(
        ChannelReader<string> records, EventPattern pattern, OssCloudEventConverter converter, EventDelivery delivery, Action<string> trace, ILogger logger)
    {
        _records = records;
        _pattern = pattern;
        _converter = converter;
        _delivery = delivery;
        _trace = trace;
        _logger = logger;
    }

    public void Start() => _pump = PumpAsync(_stopping.Token);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        await Task.WhenAll(_inFlight.Keys).ConfigureAwait(false);
        _stopping.Dispose();
        _gate.Dispose();
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var record in _records.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await HandleAsync(record, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task HandleAsync(string record, CancellationToken cancellationToken)
    {
        OssEvent ossEvent;
        try
        {
            ossEvent = _converter.Convert(record);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            EventBridgeLog.RecordSkipped(_logger, ex.Message);
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(ossEvent.CloudEvent);
        using (var document = JsonDocument.Parse(body))
        {
            if (!_pattern.Matches(document.RootElement))
            {
                _trace(EventTrace.Format(ossEvent, matched: false, delivery: null));
                return;
            }
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var delivery = DeliverAsync(ossEvent, body, cancellationToken);
        _inFlight.TryAdd(delivery, 0);
        _ = delivery.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task DeliverAsync(OssEvent ossEvent, byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _delivery.DeliverAsync(body, cancellationToken).ConfigureAwait(false);
            _trace(EventTrace.Format(ossEvent, matched: true, result));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _trace(EventTrace.Format(ossEvent, matched: true, new DeliveryResult(false, "cancelled", [])));
        }
        finally
        {
            _gate.Release();
        }
    }
}
