namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>How a job's shards are run (<c>Jobs:Mode</c>).</summary>
public enum JobMode
{
    /// <summary>Background tasks in this process (<c>func start</c>, one pod): a restart loses the running shards until a redelivery re-dispatches them.</summary>
    InProcess,

    /// <summary>Child processes of this app started with the shard command and the Job controller's environment (the local stack).</summary>
    LocalProcesses,

    /// <summary>An Indexed Job created through the Kubernetes API (production).</summary>
    Kubernetes,
}
