using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace OssUnzip.Function.Tests.Infrastructure;

/// <summary>
/// A loopback HTTP endpoint standing in for an EventBridge custom bus HTTP source: records every
/// CloudEvent POSTed to it and answers with <see cref="StatusCode"/>.
/// </summary>
internal sealed class CompletionSink : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<JsonObject> _received = new();
    private readonly Task _serving;
    private int _attempts;

    public CompletionSink(HttpStatusCode statusCode = HttpStatusCode.OK)
    {
        StatusCode = statusCode;
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/events/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url { get; }

    public HttpStatusCode StatusCode { get; }

    public int Attempts => Volatile.Read(ref _attempts);

    public IReadOnlyCollection<JsonObject> Received => _received;

    public async Task<JsonObject> WaitForEventAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (_received.IsEmpty)
        {
            await Task.Delay(20, cancel.Token);
        }

        return _received.First();
    }

    public async Task WaitForAttemptsAsync(int attempts, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (Attempts < attempts)
        {
            await Task.Delay(20, cancel.Token);
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _attempts);
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                if (StatusCode == HttpStatusCode.OK && JsonNode.Parse(await reader.ReadToEndAsync()) is JsonObject body)
                {
                    body["_contentType"] = context.Request.ContentType;
                    _received.Enqueue(body);
                }
            }

            context.Response.StatusCode = (int)StatusCode;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
