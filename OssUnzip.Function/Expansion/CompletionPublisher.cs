using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Diagnostics;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// Sends completion events in the background so a slow or failing sink never delays, fails or repeats
/// an expansion: outcomes are queued (bounded; the oldest is dropped and logged when full) and POSTed
/// in structured mode (the CNCF SDK's JSON event format, <c>application/cloudevents+json</c>) through an HttpClient with the standard resilience pipeline (retries with backoff). Failures are
/// logged, never thrown.
/// </summary>
internal sealed class CompletionPublisher(
    IHttpClientFactory httpClientFactory,
    IOptions<CompletionOptions> options,
    TimeProvider timeProvider,
    ILogger<CompletionPublisher> logger) : BackgroundService
{
    public const string HttpClientName = "completion";

    private readonly Channel<ExpansionOutcome> _queue = Channel.CreateBounded<ExpansionOutcome>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Publish(ExpansionOutcome outcome)
    {
        if (options.Value.Enabled && outcome is ExpandedOutcome or RejectedOutcome && !_queue.Writer.TryWrite(outcome))
        {
            Log.CompletionDropped(logger, outcome.Event.EventId);
        }
    }

    /// <summary>
    /// Sends now and returns when sent (or failed, logged): for a shard runner's process, which ends
    /// right after its job's end and has no background to wait for.
    /// </summary>
    public Task SendNowAsync(ExpansionOutcome outcome, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return Task.CompletedTask;
        }

        return SendAsync(httpClientFactory.CreateClient(HttpClientName), outcome, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var client = httpClientFactory.CreateClient(HttpClientName);
        await foreach (var outcome in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            await SendAsync(client, outcome, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(HttpClient client, ExpansionOutcome outcome, CancellationToken cancellationToken)
    {
        var cloudEvent = CompletionEvent.Create(outcome, options.Value.Source, timeProvider.GetUtcNow());
        if (cloudEvent is null)
        {
            return;
        }

        try
        {
            var body = CompletionEvent.Encode(cloudEvent, out var contentType);
            using var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType.ToString());
            using var response = await client.PostAsync(new Uri(options.Value.Url!), content, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Log.CompletionRejected(logger, outcome.Event.EventId, (int)response.StatusCode);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.CompletionFailed(logger, e, outcome.Event.EventId);
        }
    }
}
