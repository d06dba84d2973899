using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OssUnzip.Local.Cli;

/// <summary>
/// `backfill`: starts POST /api/backfill on a running stack's function and follows GET /api/backfill/{id}
/// until the run ends, printing one progress line per change to the output. Exit 0 when the run
/// completed with no failed archive (rejected archives are answered outcomes, not failures), 1 when it
/// failed, an archive failed, or the function refused the request, 2 on a bad command line.
/// </summary>
internal static class BackfillCommand
{
    public const string Name = "backfill";

    private const string TokenHeader = "x-eventbridge-signature-token";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!TryParse(args, out var function, out var bucket, out var prefix, out var token, out var problem))
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            await error.WriteLineAsync(LocalOptionsParser.Usage).ConfigureAwait(false);
            return 2;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            var body = JsonSerializer.Serialize(new { bucket, prefix });
            using var started = await SendAsync(http, HttpMethod.Post, new Uri(function, "/api/backfill"), body, token, cancellationToken).ConfigureAwait(false);
            var startedBody = await started.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (started.StatusCode != HttpStatusCode.Accepted)
            {
                await error.WriteLineAsync($"backfill refused: {(int)started.StatusCode} {startedBody}").ConfigureAwait(false);
                return 1;
            }

            string location;
            using (var document = JsonDocument.Parse(startedBody))
            {
                location = document.RootElement.GetProperty("location").GetString()!;
            }

            string? last = null;
            while (true)
            {
                using var poll = await SendAsync(http, HttpMethod.Get, new Uri(function, location), null, token, cancellationToken).ConfigureAwait(false);
                var pollBody = await poll.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (poll.StatusCode != HttpStatusCode.OK)
                {
                    await error.WriteLineAsync($"backfill progress unavailable: {(int)poll.StatusCode} {pollBody}").ConfigureAwait(false);
                    return 1;
                }

                using var progress = JsonDocument.Parse(pollBody);
                var root = progress.RootElement;
                var line = ProgressLine(root);
                if (line != last)
                {
                    await output.WriteLineAsync(line).ConfigureAwait(false);
                    last = line;
                }

                var status = root.GetProperty("status").GetString();
                if (status != "running")
                {
                    if (root.TryGetProperty("error", out var reason) && reason.ValueKind == JsonValueKind.String)
                    {
                        await error.WriteLineAsync($"backfill {status}: {reason.GetString()}").ConfigureAwait(false);
                    }

                    return status == "completed" && root.GetProperty("failed").GetInt32() == 0 ? 0 : 1;
                }

                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                                       or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"backfill against {function} failed: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static string ProgressLine(JsonElement progress) => string.Create(
        CultureInfo.InvariantCulture,
        $"backfill id={progress.GetProperty("id").GetString()} status={progress.GetProperty("status").GetString()} " +
        $"listed={progress.GetProperty("listed").GetInt32()} archives={progress.GetProperty("archives").GetInt32()} " +
        $"expanded={progress.GetProperty("expanded").GetInt32()} already_expanded={progress.GetProperty("alreadyExpanded").GetInt32()} " +
        $"rejected={progress.GetProperty("rejected").GetInt32()} failed={progress.GetProperty("failed").GetInt32()}");

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, Uri uri, string? body, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        if (token is not null)
        {
            request.Headers.Add(TokenHeader, token);
        }

        return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>--bucket (default eb-ask), --prefix (default zip/), --port (default 7071, on 127.0.0.1), --token (none: no header, for --no-auth).</summary>
    private static bool TryParse(IReadOnlyList<string> args, out Uri function, out string bucket, out string prefix, out string? token, out string problem)
    {
        var port = LocalOptions.DefaultPort;
        bucket = LocalOptions.DefaultBucket;
        prefix = "zip/";
        token = null;
        var errors = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                errors.Add($"{name} needs a value");
                break;
            }

            var value = args[++i];
            switch (name)
            {
                case "--bucket": bucket = value; break;
                case "--prefix": prefix = value; break;
                case "--token": token = value; break;
                case "--port":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is 0 or > 65535)
                    {
                        errors.Add("--port must be 1..65535");
                    }

                    break;
                default: errors.Add($"unknown backfill option {name}"); break;
            }
        }

        function = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        problem = string.Join("; ", errors);
        return errors.Count == 0;
    }
}
