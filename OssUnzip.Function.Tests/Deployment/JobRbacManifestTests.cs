using YamlDotNet.RepresentationModel;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>k8s/'s accounts and permissions for jobs (issue 16), by structure.</summary>
public sealed class JobRbacManifestTests
{
    private static readonly string[] Batch = ["batch"];
    private static readonly string[] Jobs = ["jobs"];
    private static readonly string[] Verbs = ["create", "get", "list"];
    private static readonly string[] Accounts = ["ossunzip", "ossunzip-shard"];
    private static readonly (string?, string?)[] FunctionAccount = [("ServiceAccount", "ossunzip")];

    private static Manifest Named(string kind, string name) =>
        ManifestSet.All.OfKind(kind).Single(m => m.Name == name);

    [Test]
    public void Role_JobsRole_MayOnlyCreateGetAndListJobs()
    {
        var role = Named("Role", "ossunzip-jobs");
        var rules = ((YamlSequenceNode)role.Root.Children[new YamlScalarNode("rules")]).Children.Cast<YamlMappingNode>().ToList();

        Assert.That(rules, Has.Count.EqualTo(1));
        Assert.That(Strings(rules[0], "apiGroups"), Is.EqualTo(Batch));
        Assert.That(Strings(rules[0], "resources"), Is.EqualTo(Jobs));
        Assert.That(Strings(rules[0], "verbs"), Is.EquivalentTo(Verbs));
    }

    [Test]
    public void Rbac_NoClusterWidePermission()
    {
        Assert.That(ManifestSet.All.OfKind("ClusterRole").Concat(ManifestSet.All.OfKind("ClusterRoleBinding")), Is.Empty);
    }

    [Test]
    public void RoleBinding_BindsTheFunctionsAccountOnlyToTheJobsRole()
    {
        var binding = Named("RoleBinding", "ossunzip-jobs");
        var subjects = ((YamlSequenceNode)binding.Root.Children[new YamlScalarNode("subjects")]).Children.Cast<YamlMappingNode>().ToList();

        Assert.That(binding.Root.Scalar("roleRef", "kind"), Is.EqualTo("Role"));
        Assert.That(binding.Root.Scalar("roleRef", "name"), Is.EqualTo("ossunzip-jobs"));
        Assert.That(subjects.Select(s => (s.Scalar("kind"), s.Scalar("name"))), Is.EqualTo(FunctionAccount));
    }

    [Test]
    public void ServiceAccounts_FunctionAndShard_BothExistAndTheShardsHasNoBinding()
    {
        Assert.That(ManifestSet.All.OfKind("ServiceAccount").Select(m => m.Name), Is.SupersetOf(Accounts));
        Assert.That(ManifestSet.All.OfKind("RoleBinding").SelectMany(b => ((YamlSequenceNode)b.Root.Children[new YamlScalarNode("subjects")]).Children.Cast<YamlMappingNode>()).Select(s => s.Scalar("name")), Does.Not.Contain("ossunzip-shard"));
    }

    [TestCase("base", "Deployment")]
    [TestCase("knative", "Service")]
    public void Workload_RunsAsTheFunctionsAccount(string folder, string kind)
    {
        var workload = ManifestSet.All.Single(folder, kind);
        var pod = workload.Root.RequiredMapping("spec", "template", "spec");

        Assert.That(pod.Scalar("serviceAccountName"), Is.EqualTo("ossunzip"));
        Assert.That(pod.Scalar("automountServiceAccountToken"), Is.Not.EqualTo("false"), "the function needs its token for the Kubernetes API");
    }

    [Test]
    public void ConfigMap_Jobs_KubernetesModeWithTheShardAccount()
    {
        var data = ManifestSet.All.Single("common", "ConfigMap").Root;

        Assert.That(data.Scalar("data", "Jobs__Mode"), Is.EqualTo("Kubernetes"));
        Assert.That(data.Scalar("data", "Jobs__ServiceAccountName"), Is.EqualTo("ossunzip-shard"));
        Assert.That(data.Scalar("data", "Jobs__Image"), Is.Not.Empty);
    }

    private static string[] Strings(YamlMappingNode node, string key) =>
        [.. ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Children.Cast<YamlScalarNode>().Select(s => s.Value!)];
}
