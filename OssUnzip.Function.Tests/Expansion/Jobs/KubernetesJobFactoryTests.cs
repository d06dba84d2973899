using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Expansion.Jobs;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Expansion.Jobs;

public sealed class KubernetesJobFactoryTests
{
    private static readonly int[] PermanentCodes = [ShardExitCodes.Rejected, ShardExitCodes.SourceChanged, ShardExitCodes.NoSuchJob];
    private static readonly string[] ShardArgs = ["dotnet", "/home/site/wwwroot/OssUnzip.Function.dll", "shard", "--job", "j0123456789abcdef01234567", "--bucket", "eb-ask", "--output", "unzip/x/"];
    private static readonly (string, string, string)[] SecretVariables =
    [
        ("Storage__AccessKeyId", "ossunzip-secrets", "Storage__AccessKeyId"),
        ("Storage__SecretAccessKey", "ossunzip-secrets", "Storage__SecretAccessKey"),
        ("Archive__Passwords", "ossunzip-secrets", "Archive__Passwords"),
    ];

    private static readonly (string, string)[] RuntimeVariables = [("DOTNET_gcServer", "0"), ("DOTNET_TieredCompilation", "0")];

    private static readonly JobOptions Options = new()
    {
        Mode = JobMode.Kubernetes,
        Image = "registry.example/ossunzip:1",
        Parallelism = 4,
        BackoffLimitPerIndex = 3,
        TtlSecondsAfterFinished = 600,
    };

    private static JobRecord Job(int shards) => TestJobs.Record(shards);

    [Test]
    public void Build_SixShards_IndexedJobWithOneCompletionPerShard()
    {
        var job = KubernetesJobFactory.Build(Job(6), Options);

        Assert.That(job.Metadata.Name, Is.EqualTo("j0123456789abcdef01234567"));
        Assert.That(job.Spec.CompletionMode, Is.EqualTo("Indexed"));
        Assert.That(job.Spec.Completions, Is.EqualTo(6));
        Assert.That(job.Spec.Parallelism, Is.EqualTo(4));
        Assert.That(job.Spec.BackoffLimitPerIndex, Is.EqualTo(3));
        Assert.That(job.Spec.TtlSecondsAfterFinished, Is.EqualTo(600));
    }

    [Test]
    public void Build_FewerShardsThanParallelism_ParallelismIsTheShardCount()
    {
        Assert.That(KubernetesJobFactory.Build(Job(2), Options).Spec.Parallelism, Is.EqualTo(2));
    }

    [Test]
    public void Build_PodFailurePolicy_FailsTheJobOnEveryPermanentExitCodeAndIgnoresDisruptions()
    {
        var job = KubernetesJobFactory.Build(Job(3), Options);
        var rules = job.Spec.PodFailurePolicy.Rules;

        Assert.That(rules[0].Action, Is.EqualTo("FailJob"));
        Assert.That(rules[0].OnExitCodes.OperatorProperty, Is.EqualTo("In"));
        Assert.That(rules[0].OnExitCodes.ContainerName, Is.EqualTo("shard"));
        Assert.That(rules[0].OnExitCodes.Values, Is.EquivalentTo(PermanentCodes));
        Assert.That(rules[0].OnExitCodes.Values, Does.Not.Contain(ShardExitCodes.Transient));
        Assert.That(rules[1].Action, Is.EqualTo("Ignore"));
        Assert.That(rules[1].OnPodConditions.Single().Type, Is.EqualTo("DisruptionTarget"));
        Assert.That(job.Spec.Template.Spec.RestartPolicy, Is.EqualTo("Never"), "podFailurePolicy needs restartPolicy Never");
    }

    [Test]
    public void Build_Pod_RunsTheShardCommandOfThisImageWithTheShardAccountAndSettings()
    {
        var pod = KubernetesJobFactory.Build(Job(3), Options).Spec.Template.Spec;
        var container = pod.Containers.Single();

        Assert.That(pod.ServiceAccountName, Is.EqualTo("ossunzip-shard"));
        Assert.That(pod.AutomountServiceAccountToken, Is.False);
        Assert.That(container.Image, Is.EqualTo("registry.example/ossunzip:1"));
        Assert.That(container.Command, Is.Null, "the image's tini stays the entrypoint");
        Assert.That(container.Args, Is.EqualTo(ShardArgs));
        Assert.That(container.EnvFrom.Single().ConfigMapRef.Name, Is.EqualTo("ossunzip-settings"));
        Assert.That(container.Env.Where(e => e.ValueFrom?.SecretKeyRef is not null).Select(e => (e.Name, e.ValueFrom.SecretKeyRef.Name, e.ValueFrom.SecretKeyRef.Key)), Is.EquivalentTo(SecretVariables));
        Assert.That(container.Env.Select(e => e.Name), Does.Not.Contain(ShardCommandLine.IndexVariable), "the Job controller sets the index");
        Assert.That(container.Env.Where(e => e.ValueFrom is null).Select(e => (e.Name, e.Value)), Is.EquivalentTo(RuntimeVariables));
        Assert.That(container.Resources.Limits["memory"].ToString(), Is.EqualTo("2Gi"));
        Assert.That(container.SecurityContext.RunAsNonRoot, Is.True);
    }

    [Test]
    public void Build_Redispatch_GetsANewName()
    {
        Assert.That(KubernetesJobFactory.Build(Job(1), Options, attempt: 7).Metadata.Name, Is.EqualTo("j0123456789abcdef01234567-r7"));
    }

    [Test]
    public void ShardCommandLine_ArgumentsOfAJob_ParseBack()
    {
        var line = ShardCommandLine.For(Job(1));

        Assert.That(ShardCommandLine.TryParse([.. line.ToArguments().Skip(1)]), Is.EqualTo(line));
        Assert.That(ShardCommandLine.TryParse(["--job", "j"]), Is.Null);
    }
}
