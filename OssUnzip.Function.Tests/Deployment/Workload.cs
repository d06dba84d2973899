using YamlDotNet.RepresentationModel;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// The pod template of a workload that runs the app: the Deployment in k8s/base or the
/// Knative Service in k8s/knative. Both must satisfy the same container-level rules.
/// </summary>
internal sealed record Workload(Manifest Manifest, YamlMappingNode PodTemplate)
{
    private static readonly string[] s_probeFields = ["startupProbe", "readinessProbe", "livenessProbe"];

    public YamlMappingNode PodSpec => PodTemplate.RequiredMapping("spec");

    public YamlMappingNode Container => PodSpec.Mappings("containers").Single();

    public IReadOnlyDictionary<string, string> Annotations => PodTemplate.StringMap("metadata", "annotations");

    public IReadOnlyList<YamlMappingNode> Probes =>
        [.. s_probeFields
            .Select(p => Container.Mapping(p))
            .OfType<YamlMappingNode>()];

    public IReadOnlyList<(string EnvName, string SecretName, string Key)> SecretReferences =>
        [.. Container.Mappings("env")
            .Where(e => e.Mapping("valueFrom", "secretKeyRef") is not null)
            .Select(e => (
                e.RequiredScalar("name"),
                e.RequiredScalar("valueFrom", "secretKeyRef", "name"),
                e.RequiredScalar("valueFrom", "secretKeyRef", "key")))];

    public string? EnvValue(string name) =>
        Container.Mappings("env").FirstOrDefault(e => e.Scalar("name") == name)?.Scalar("value");

    public static Workload Deployment() =>
        From(ManifestSet.All.Single("base", "Deployment"));

    public static Workload KnativeService() =>
        From(ManifestSet.All.Single("knative", "Service"));

    public static IEnumerable<Workload> All() => [Deployment(), KnativeService()];

    private static Workload From(Manifest manifest) =>
        new(manifest, manifest.Spec.RequiredMapping("template"));
}
