using YamlDotNet.RepresentationModel;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>One Kubernetes object: a YAML document from a file under k8s/.</summary>
internal sealed record Manifest(string RelativePath, YamlMappingNode Root)
{
    public string ApiVersion => Root.RequiredScalar("apiVersion");

    public string Kind => Root.RequiredScalar("kind");

    public string Name => Root.RequiredScalar("metadata", "name");

    public string? Namespace => Root.Scalar("metadata", "namespace");

    public YamlMappingNode Spec => Root.RequiredMapping("spec");

    public override string ToString() => $"{Kind}/{Name} ({RelativePath})";
}
