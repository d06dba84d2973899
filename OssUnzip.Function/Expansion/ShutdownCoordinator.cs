using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Diagnostics;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// Graceful shutdown for expansions. When the host starts stopping, new work is refused (503, so
/// EventBridge retries elsewhere or later); in-flight expansions get the grace period to finish, then
/// <see cref="ExpansionToken"/> is cancelled. Expansions run under that token, not the request's, so
/// an impatient caller does not cut one short.
/// </summary>
internal sealed class ShutdownCoordinator : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _expansions = new();
    private readonly IOptions<ShutdownOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ShutdownCoordinator> _logger;
    private readonly Lock _lock = new();
    private TaskCompletionSource _idle = CompletedIdle();
    private int _inFlight;
    private bool _draining;

    public ShutdownCoordinator(IOptions<ShutdownOptions> options, IHostApplicationLifetime lifetime, TimeProvider timeProvider, ILogger<ShutdownCoordinator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lifetime);
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        lifetime.ApplicationStopping.Register(BeginDraining);
    }

    public CancellationToken ExpansionToken => _expansions.Token;

    public bool IsDraining
    {
        get
        {
            lock (_lock)
            {
                return _draining;
            }
        }
    }

    /// <summary>Registers one expansion; throws <see cref="ServiceShuttingDownException"/> when draining.</summary>
    public IDisposable Enter()
    {
        lock (_lock)
        {
            if (_draining)
            {
                throw new ServiceShuttingDownException();
            }

            if (_inFlight++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        return new Lease(this);
    }

    public void BeginDraining()
    {
        lock (_lock)
        {
            _draining = true;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Waits for in-flight expansions up to the grace period, then cancels the rest.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        BeginDraining();
        Task idle;
        int inFlight;
        lock (_lock)
        {
            idle = _idle.Task;
            inFlight = _inFlight;
        }

        var grace = TimeSpan.FromSeconds(_options.Value.GracePeriodSeconds);
        Log.ShutdownDraining(_logger, inFlight, (int)grace.TotalSeconds);
        try
        {
            await idle.WaitAsync(grace, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Log.ShutdownGraceExpired(_logger, _inFlight);
            await _expansions.CancelAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => _expansions.Dispose();

    private void Leave()
    {
        lock (_lock)
        {
            if (--_inFlight == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource CompletedIdle()
    {
        var idle = new TaskCompletionSource();
        idle.SetResult();
        return idle;
    }

    private sealed class Lease(ShutdownCoordinator owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave();
            }
        }
    }
}
