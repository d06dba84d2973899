using System.Net;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Diagnostics;

namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>
/// Creates the job's Indexed Job (<see cref="KubernetesJobFactory"/>) through the Kubernetes API with the
/// KubernetesClient package, from the pod's in-cluster config (its service account may only create, get
/// and list Jobs in its namespace: k8s/). A Job of that name that already exists is another delivery's
/// dispatch of the same job: fine. A re-dispatch of a stalled job gets a new name.
/// </summary>
internal sealed class KubernetesJobDispatcher(IOptions<JobOptions> options, TimeProvider timeProvider, ILogger<KubernetesJobDispatcher> logger) : IJobDispatcher, IDisposable
{
    private const string NamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    private readonly Lazy<Kubernetes> _client = new(() => new Kubernetes(KubernetesClientConfiguration.InClusterConfig()));

    public string Name => "kubernetes";

    public async Task DispatchAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var ns = !string.IsNullOrWhiteSpace(options.Value.Namespace) ? options.Value.Namespace : (await File.ReadAllTextAsync(NamespaceFile, cancellationToken).ConfigureAwait(false)).Trim();
        // The first dispatch within a minute of the job's creation takes the job's own name, so
        // concurrent deliveries collide on it; later ones (stalled jobs) are named by the minute.
        var minutes = (int)Math.Max(0, (timeProvider.GetUtcNow() - job.CreatedAt).TotalMinutes);
        var body = KubernetesJobFactory.Build(job, options.Value, minutes);
        try
        {
            await _client.Value.BatchV1.CreateNamespacedJobAsync(body, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Already created by another delivery of the same job.
        }

        var where = $"{Name} Job {ns}/{body.Metadata.Name}";
        Log.JobDispatched(logger, job.JobId, job.Shards.Count, where);
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
