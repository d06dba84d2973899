using System.Globalization;
using System.Net.Http.Headers;

namespace OssUnzip.Local.EventBridge;

/// <summary>
/// Pushes an event to the HTTP target as EventBridge does: POST of the structured CloudEvent JSON,
/// the rule's token in x-eventbridge-signature-token, bounded retries with backoff.
/// </summary>
internal sealed class EventDelivery(HttpClient httpClient, Uri target, string? token, DeliveryOptions options, TimeProvider timeProvider)
{
    public const string TokenHeader = "x-eventbridge-signature-token";

    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

    public async Task<DeliveryResult> DeliverAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var status = "none";
        var durations = new List<TimeSpan>(options.MaxRetries + 1);
        for (var attempt = 1; attempt <= options.MaxRetries + 1; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(options.DelayBefore(attempt - 1), timeProvider, cancellationToken).ConfigureAwait(false);
            }

            var started = timeProvider.GetTimestamp();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.AttemptTimeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ReadOnlyMemoryContent(body) };
                request.Content.Headers.ContentType = JsonContentType;
                if (token is not null)
                {
                    request.Headers.TryAddWithoutValidation(TokenHeader, token);
                }

                using var response = await httpClient.SendAsync(request, timeout.Token).ConfigureAwait(false);
                durations.Add(timeProvider.GetElapsedTime(started));
                status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                if (response.IsSuccessStatusCode)
                {
                    return new DeliveryResult(true, status, durations);
                }
            }
            catch (HttpRequestException ex)
            {
                durations.Add(timeProvider.GetElapsedTime(started));
                status = "error:" + ex.HttpRequestError;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                durations.Add(timeProvider.GetElapsedTime(started));
                status = "timeout";
            }
        }

        return new DeliveryResult(false, status, durations);
    }
}
