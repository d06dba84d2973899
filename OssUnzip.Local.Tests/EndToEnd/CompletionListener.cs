using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace OssUnzip.Local.Tests.EndToEnd;

/// <summary>A loopback HTTP endpoint that keeps every completion CloudEvent POSTed to it (the stack's Completion__Url).</summary>
internal sealed class CompletionListener : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<JsonObject> _received = [];

    public CompletionListener()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public string Url { get; }

    public IReadOnlyList<JsonObject> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public async Task WaitForAsync(Func<JsonObject, bool> predicate, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout && !Received.Any(predicate))
        {
            await Task.Delay(100);
        }
    }

    public void Dispose() => _listener.Close();

    private async Task AcceptAsync()
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

            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
                lock (_received)
                {
                    _received.Add(body);
                }
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
