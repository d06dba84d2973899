using System.Text.RegularExpressions;
using OssUnzip.Testing;
using YamlDotNet.RepresentationModel;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// The platform charts the guide installs: pinned versions, and the KEDA HTTP add-on sized to one
/// interceptor and one scaler with its global timeouts inside the hops' ceilings.
/// </summary>
[TestFixture]
public sealed partial class HelmValuesTests
{
    private const string AddOnChart = "kedacore/keda-add-ons-http";
    private const string AddOnVersion = "0.15.0";

    /// <summary>ECI's smallest spec, 0.25 vCPU / 0.5 GiB; a pod is sized from its limits, rounded up (docs/facts.md §13).</summary>
    private const long SmallestEciMilliCpu = 250;

    private const long SmallestEciMemoryBytes = 512L << 20;

    [Test]
    public void Guide_EveryHelmInstall_PinsAChartVersion()
    {
        var installs = HelmInstalls();

        Assert.That(installs, Is.Not.Empty);
        foreach (var install in installs)
        {
            Assert.That(VersionPattern().IsMatch(install), Is.True, $"unpinned: {install}");
        }
    }

    [Test]
    public void Guide_EveryHelmInstall_TakesItsValuesFromTheRepository()
    {
        foreach (var install in HelmInstalls())
        {
            Assert.Multiple(() =>
            {
                Assert.That(install, Does.Match(@"-f helm/[a-z-]+\.values\.yaml"), install);
                Assert.That(install, Does.Not.Contain("--set"), "sizes and timeouts live in the values file");
            });
        }
    }

    [Test]
    public void ValuesFiles_EveryPodLimit_FitsTheSmallestEciSpec()
    {
        var components = new[]
        {
            (Values("keda.values.yaml"), new[] { "resources", "operator" }),
            (Values("keda.values.yaml"), new[] { "resources", "metricServer" }),
            (Values("keda-add-ons-http.values.yaml"), new[] { "operator", "resources" }),
            (Values("keda-add-ons-http.values.yaml"), new[] { "scaler", "resources" }),
            (Values("keda-add-ons-http.values.yaml"), new[] { "interceptor", "resources" }),
        };

        foreach (var (values, path) in components)
        {
            var limits = values.RequiredMapping([.. path, "limits"]);
            Assert.Multiple(() =>
            {
                Assert.That(Quantity.MilliCpu(limits.RequiredScalar("cpu")), Is.LessThanOrEqualTo(SmallestEciMilliCpu), string.Join('.', path));
                Assert.That(Quantity.Bytes(limits.RequiredScalar("memory")), Is.LessThanOrEqualTo(SmallestEciMemoryBytes), string.Join('.', path));
            });
        }
    }

    [Test]
    public void KedaValues_AdmissionWebhooks_AreOff()
    {
        Assert.That(Values("keda.values.yaml").RequiredScalar("webhooks", "enabled"), Is.EqualTo("false"));
    }

    [Test]
    public void Guide_AddOnInstall_UsesThePinnedVersionAndTheValuesFile()
    {
        var install = HelmInstalls().Single(i => i.Contains(AddOnChart, StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(install, Does.Contain($"--version {AddOnVersion}"));
            Assert.That(install, Does.Contain("-f helm/keda-add-ons-http.values.yaml"));
            Assert.That(install, Does.Not.Contain("--set"), "sizes and timeouts live in the values file");
        });
    }

    [Test]
    public void AddOnValues_Replicas_AreOneInterceptorOneScalerOneOperator()
    {
        var values = AddOnValues();

        Assert.Multiple(() =>
        {
            Assert.That(values.RequiredInt("interceptor", "replicas", "min"), Is.EqualTo(1));
            Assert.That(values.RequiredInt("interceptor", "replicas", "max"), Is.EqualTo(1), "no interceptor scale-in while it holds requests");
            Assert.That(values.RequiredInt("scaler", "replicas"), Is.EqualTo(1));
            Assert.That(values.RequiredInt("operator", "replicas"), Is.EqualTo(1));
        });
    }

    [Test]
    public void AddOnValues_Timeouts_UseTheCurrentNamesAndMatchTheRoute()
    {
        var values = AddOnValues();
        var route = ManifestSet.All.Single("keda-interceptorroute", "InterceptorRoute").Spec.RequiredMapping("timeouts");

        Assert.Multiple(() =>
        {
            Assert.That(values.Scalar("interceptor", "replicas", "waitTimeout"), Is.Null, "deprecated in 0.15 for interceptor.readinessTimeout");
            Assert.That(values.RequiredScalar("interceptor", "readinessTimeout"), Is.EqualTo(route.RequiredScalar("readiness")));
            Assert.That(values.RequiredScalar("interceptor", "responseHeaderTimeout"), Is.EqualTo(route.RequiredScalar("responseHeader")));
            Assert.That(values.RequiredScalar("interceptor", "requestTimeout"), Is.EqualTo(route.RequiredScalar("request")));
            Assert.That(HopCeilings.GoDuration(values.RequiredScalar("interceptor", "requestTimeout")), Is.LessThan(HopCeilings.ClbTcpIdle));
        });
    }

    private static YamlMappingNode AddOnValues() => Values("keda-add-ons-http.values.yaml");

    private static YamlMappingNode Values(string fileName)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(RepositoryRoot.ReadAllText("helm", fileName)))
        {
            stream.Load(reader);
        }

        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    /// <summary>Every `helm install` command in docs/deploy.md, continuation lines joined.</summary>
    private static List<string> HelmInstalls()
    {
        var joined = RepositoryRoot.ReadAllText("docs", "deploy.md").Replace("\\\n", " ", StringComparison.Ordinal);
        return [.. joined.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("helm install ", StringComparison.Ordinal))];
    }

    [GeneratedRegex(@"--version \d+\.\d+\.\d+")]
    private static partial Regex VersionPattern();
}
