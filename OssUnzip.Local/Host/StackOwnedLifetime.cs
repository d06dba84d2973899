using Microsoft.Extensions.Hosting;

namespace OssUnzip.Local.Host;

/// <summary>
/// Keeps the web host from hooking Ctrl-C/SIGTERM itself: the local stack owns the signals so it can
/// stop the worker and s3rver in order before Kestrel.
/// </summary>
internal sealed class StackOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
