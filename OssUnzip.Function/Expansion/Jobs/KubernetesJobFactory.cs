using System.Globalization;
using k8s.Models;

namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>
/// The Indexed Job that runs a job's shards on the Kubernetes Job controller (docs/facts.md §11): one
/// completion per shard (<c>JOB_COMPLETION_INDEX</c> = the shard), at most <c>Jobs:Parallelism</c> pods at
/// once, <c>backoffLimitPerIndex</c> retries per shard, a podFailurePolicy that fails the Job at once on the
/// shard command's permanent exit codes (<see cref="ShardExitCodes.Permanent"/>) and does not count
/// disruptions (eviction, preemption), <c>ttlSecondsAfterFinished</c>, the shard service account, the
/// function's settings (ConfigMap) and storage credentials (Secret). Pure: tested by structure.
/// </summary>
public static class KubernetesJobFactory
{
    public const string ComponentLabel = "shard-runner";

    /// <param name="attempt">0 for the first dispatch; a re-dispatch of a stalled job gets a new name.</param>
    public static V1Job Build(JobRecord job, JobOptions options, int attempt = 0)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(options);
        var name = attempt == 0 ? job.JobId : string.Create(CultureInfo.InvariantCulture, $"{job.JobId}-r{attempt}");
        var labels = new Dictionary<string, string>
        {
            ["app.kubernetes.io/name"] = "ossunzip",
            ["app.kubernetes.io/component"] = ComponentLabel,
            ["ossunzip/job"] = job.JobId,
        };
        var program = options.ShardProgram.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = labels,
                // Values may hold any character; labels may not.
                Annotations = new Dictionary<string, string>
                {
                    ["ossunzip/bucket"] = job.Bucket,
                    ["ossunzip/key"] = job.Key,
                    ["ossunzip/etag"] = job.ETag,
                },
            },
            Spec = new V1JobSpec
            {
                CompletionMode = "Indexed",
                Completions = job.Shards.Count,
                Parallelism = Math.Min(options.Parallelism, job.Shards.Count),
                BackoffLimitPerIndex = options.BackoffLimitPerIndex,
                TtlSecondsAfterFinished = options.TtlSecondsAfterFinished,
                PodFailurePolicy = new V1PodFailurePolicy
                {
                    Rules =
                    [
                        new V1PodFailurePolicyRule
                        {
                            Action = "FailJob",
                            OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { ContainerName = "shard", OperatorProperty = "In", Values = [.. ShardExitCodes.Permanent] },
                        },
                        new V1PodFailurePolicyRule
                        {
                            Action = "Ignore",
                            OnPodConditions = [new V1PodFailurePolicyOnPodConditionsPattern { Type = "DisruptionTarget", Status = "True" }],
                        },
                    ],
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        // podFailurePolicy needs Never: the Job controller, not the kubelet, retries.
                        RestartPolicy = "Never",
                        ServiceAccountName = options.ServiceAccountName,
                        AutomountServiceAccountToken = false,
                        SecurityContext = new V1PodSecurityContext { RunAsUser = 1654 },
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "shard",
                                Image = options.Image,
                                Args = [.. program, .. ShardCommandLine.For(job).ToArguments()],
                                EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = options.ConfigMapName } }],
                                Env =
                                [
                                    SecretVariable("Storage__AccessKeyId", options.SecretName),
                                    SecretVariable("Storage__SecretAccessKey", options.SecretName),
                                    // Optional, as in the function's own workload: shards open encrypted entries too.
                                    SecretVariable("Archive__Passwords", options.SecretName, optional: true),
                                    .. ShardCommandLine.RuntimeVariables.Select(v => new V1EnvVar { Name = v.Key, Value = v.Value }),
                                ],
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(options.ShardCpuRequest), ["memory"] = new(options.ShardMemoryRequest) },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(options.ShardCpuLimit), ["memory"] = new(options.ShardMemoryLimit) },
                                },
                                SecurityContext = new V1SecurityContext { RunAsNonRoot = true, AllowPrivilegeEscalation = false },
                            },
                        ],
                    },
                },
            },
        };
    }

    private static V1EnvVar SecretVariable(string name, string secret, bool? optional = null) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = name, Optional = optional } } };
}
