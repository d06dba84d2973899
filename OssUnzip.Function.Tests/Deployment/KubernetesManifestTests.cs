using System.Text.RegularExpressions;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>Structural checks of k8s/: what `kubectl apply -k` would accept and wire together.</summary>
[TestFixture]
public sealed partial class KubernetesManifestTests
{
    private static readonly string[] s_exampleSecretFiles = ["secret.example.yaml"];

    /// <summary>ECI's pod-level security context fields (ECI "Configure a security context", docs/facts.md §13).</summary>
    private static readonly string[] s_eciPodSecurityFields = ["runAsUser", "sysctls"];

    /// <summary>
    /// The Functions host's own worker shutdown after its in-flight wait: up to 10 s draining
    /// invocations (WorkerProcessCountOptions.ProcessShutdownTimeout), then 5 s after WorkerTerminate
    /// (WorkerConstants.WorkerTerminateGracePeriodInSeconds), in Azure/azure-functions-host.
    /// </summary>
    private const int HostWorkerDrainSeconds = 10;

    private const int HostWorkerTerminateSeconds = 5;

    /// <summary>Host (~300 MB) + worker (~66 MB) before any archive buffers: docs/facts.md §7.</summary>
    private const long MinimumMemoryLimitBytes = 512L << 20;

    [Test]
    public void Files_EveryDocument_IsAnObjectWithApiVersionKindAndName()
    {
        var files = ManifestSet.Files().ToList();

        Assert.That(files, Is.Not.Empty);
        foreach (var file in files)
        {
            var documents = ManifestSet.Parse(file);
            Assert.That(documents, Is.Not.Empty, file);
            foreach (var document in documents.Where(d => d.Root.Scalar("kind") != "Kustomization"))
            {
                Assert.Multiple(() =>
                {
                    Assert.That(document.ApiVersion, Is.Not.Empty, file);
                    Assert.That(document.Kind, Is.Not.Empty, file);
                    Assert.That(document.Name, Is.Not.Empty, file);
                });
            }
        }
    }

    [Test]
    public void Kustomizations_Resources_ExistOnDisk()
    {
        Assert.That(ManifestSet.All.Kustomizations, Is.Not.Empty);
        foreach (var kustomization in ManifestSet.All.Kustomizations)
        {
            var directory = Path.GetDirectoryName(RepositoryRoot.Combine(kustomization.RelativePath))!;
            foreach (var resource in kustomization.Root.Scalars("resources"))
            {
                var target = Path.GetFullPath(Path.Combine(directory, resource));
                var exists = File.Exists(target) || File.Exists(Path.Combine(target, "kustomization.yaml"));
                Assert.That(exists, Is.True, $"{kustomization.RelativePath} lists missing resource '{resource}'");
            }
        }
    }

    [Test]
    public void Kustomizations_Resources_NeverIncludeASecret()
    {
        var applied = ManifestSet.All.Kustomizations
            .SelectMany(k => k.Root.Scalars("resources").Select(r => Path.GetFileName(r.TrimEnd('/'))))
            .ToList();
        var secretFiles = ManifestSet.All.OfKind("Secret").Select(s => Path.GetFileName(s.RelativePath)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(secretFiles, Is.EqualTo(s_exampleSecretFiles), "the only Secret manifest is the example");
            Assert.That(applied, Has.None.Contains("secret"), "kubectl apply -k must never overwrite the real Secret");
        });
    }

    [Test]
    public void Deployment_Selector_MatchesPodTemplateLabels()
    {
        var workload = Workload.Deployment();
        var selector = workload.Manifest.Spec.StringMap("selector", "matchLabels");
        var labels = workload.PodTemplate.StringMap("metadata", "labels");

        Assert.That(selector, Is.Not.Empty);
        Assert.That(labels, Is.SupersetOf(selector));
    }

    [Test]
    public void Service_Selector_SelectsTheDeploymentPods()
    {
        var service = ManifestSet.All.Single("base", "Service");
        var selector = service.Spec.StringMap("selector");
        var labels = Workload.Deployment().PodTemplate.StringMap("metadata", "labels");

        Assert.That(selector, Is.Not.Empty);
        Assert.That(labels, Is.SupersetOf(selector));
    }

    [Test]
    public void Service_TargetPort_IsAContainerPort()
    {
        var service = ManifestSet.All.Single("base", "Service");
        var containerPorts = Workload.Deployment().Container.Mappings("ports");

        var servicePorts = service.Spec.Mappings("ports");
        Assert.That(servicePorts, Is.Not.Empty);
        foreach (var port in servicePorts)
        {
            var targetPort = port.RequiredScalar("targetPort");
            Assert.That(
                containerPorts.Any(p => p.Scalar("name") == targetPort || p.Scalar("containerPort") == targetPort),
                Is.True,
                $"Service targetPort '{targetPort}' is not a container port");
        }
    }

    [Test]
    public void Workloads_Probes_HitRoutesTheAppServesOnItsPort()
    {
        foreach (var workload in Workload.All())
        {
            var portNames = workload.Container.Mappings("ports").Select(p => p.Scalar("name")).ToList();
            var portNumbers = workload.Container.Mappings("ports").Select(p => p.Scalar("containerPort")).ToList();

            Assert.That(workload.Container.Mapping("readinessProbe"), Is.Not.Null, $"{workload.Manifest} readiness");
            Assert.That(workload.Container.Mapping("livenessProbe"), Is.Not.Null, $"{workload.Manifest} liveness");
            foreach (var probe in workload.Probes)
            {
                Assert.That(AppRoutes.GetPaths(), Does.Contain(probe.RequiredScalar("httpGet", "path")), workload.Manifest.ToString());
                if (probe.Scalar("httpGet", "port") is { } port)
                {
                    Assert.That(portNames.Contains(port) || portNumbers.Contains(port), Is.True, $"{workload.Manifest} probe port {port}");
                }
            }
        }
    }

    [Test]
    public void App_ContractRoutes_ThatExistAreServedWithTheContractMethod()
    {
        var served = AppRoutes.Functions().Select(f => (f.Method, AppRoutes.PathOf(f.Route))).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(served, Does.Contain(("post", "/api/unzip")), "the EventBridge target");
            foreach (var (method, path) in served.Where(s => AppRoutes.Contract.Any(c => c.Path == s.Item2)))
            {
                Assert.That(AppRoutes.Contract, Does.Contain((method, path)));
            }
        });
    }

    [Test]
    public void Workloads_ContainerPort_IsThePortTheHostListensOn()
    {
        foreach (var workload in Workload.All())
        {
            var urls = workload.EnvValue("ASPNETCORE_URLS");
            Assert.That(urls, Is.Not.Null, $"{workload.Manifest} must set ASPNETCORE_URLS (the image default is port 80)");

            var containerPort = workload.Container.Mappings("ports").Single().RequiredScalar("containerPort");
            Assert.That(PortOf(urls!), Is.EqualTo(containerPort), workload.Manifest.ToString());
        }
    }

    [Test]
    public void Workloads_Resources_HoldHostAndWorker()
    {
        foreach (var workload in Workload.All())
        {
            var resources = workload.Container.RequiredMapping("resources");
            var memoryLimit = Quantity.Bytes(resources.RequiredScalar("limits", "memory"));
            var memoryRequest = Quantity.Bytes(resources.RequiredScalar("requests", "memory"));
            var cpuLimit = Quantity.MilliCpu(resources.RequiredScalar("limits", "cpu"));
            var cpuRequest = Quantity.MilliCpu(resources.RequiredScalar("requests", "cpu"));

            Assert.Multiple(() =>
            {
                Assert.That(memoryLimit, Is.GreaterThanOrEqualTo(MinimumMemoryLimitBytes), $"{workload.Manifest} memory limit");
                Assert.That(memoryRequest, Is.LessThanOrEqualTo(memoryLimit), $"{workload.Manifest} memory request");
                Assert.That(cpuRequest, Is.LessThanOrEqualTo(cpuLimit), $"{workload.Manifest} cpu request");
            });
        }
    }

    [Test]
    public void Workloads_EciSpec_IsAtLeastTheContainerLimits()
    {
        foreach (var workload in Workload.All())
        {
            Assert.That(workload.Annotations, Does.ContainKey("k8s.aliyun.com/eci-use-specs"), workload.Manifest.ToString());
            var match = EciSpecPattern().Match(workload.Annotations["k8s.aliyun.com/eci-use-specs"]);
            Assert.That(match.Success, Is.True, "eci-use-specs must read <vCPU>-<memory>Gi");

            var resources = workload.Container.RequiredMapping("resources");
            Assert.Multiple(() =>
            {
                Assert.That(
                    Quantity.MilliCpu(match.Groups["cpu"].Value),
                    Is.GreaterThanOrEqualTo(Quantity.MilliCpu(resources.RequiredScalar("limits", "cpu"))),
                    $"{workload.Manifest}: ECI would size the pod below its cpu limit");
                Assert.That(
                    Quantity.Bytes(match.Groups["memory"].Value + "Gi"),
                    Is.GreaterThanOrEqualTo(Quantity.Bytes(resources.RequiredScalar("limits", "memory"))),
                    $"{workload.Manifest}: ECI would size the pod below its memory limit");
            });
        }
    }

    [Test]
    public void Deployment_TerminationGrace_CoversPreStopAndTheAppShutdownGrace()
    {
        var workload = Workload.Deployment();
        var grace = workload.PodSpec.RequiredInt("terminationGracePeriodSeconds");
        var preStopSeconds = PreStopSeconds(workload);

        Assert.Multiple(() =>
        {
            Assert.That(grace, Is.GreaterThanOrEqualTo(AppSettings.DefaultShutdownGraceSeconds));
            Assert.That(grace, Is.GreaterThan(preStopSeconds + AppSettings.ShutdownGraceSeconds), "no margin left for the host to stop");
        });
    }

    [Test]
    public void Workloads_HostShutdownTimeout_OutlastsTheWorkerGrace()
    {
        foreach (var workload in Workload.All())
        {
            var hostSeconds = int.Parse(workload.EnvValue("ASPNETCORE_SHUTDOWNTIMEOUTSECONDS") ?? "5", System.Globalization.CultureInfo.InvariantCulture);

            Assert.That(hostSeconds, Is.GreaterThan(AppSettings.ShutdownGraceSeconds), $"{workload.Manifest}: the host (default 5 s) would cut in-flight requests the worker still finishes");
        }
    }

    [Test]
    public void Deployment_TerminationGrace_CoversTheHostsWholeShutdown()
    {
        var workload = Workload.Deployment();
        var grace = workload.PodSpec.RequiredInt("terminationGracePeriodSeconds");
        var hostSeconds = int.Parse(workload.EnvValue("ASPNETCORE_SHUTDOWNTIMEOUTSECONDS")!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(
            grace,
            Is.GreaterThanOrEqualTo(PreStopSeconds(workload) + hostSeconds + HostWorkerDrainSeconds + HostWorkerTerminateSeconds),
            "preStop, the host's wait for in-flight requests, then its own worker shutdown");
    }

    [Test]
    public void KnativeService_RevisionTimeout_CoversTheAppShutdownGrace()
    {
        var timeout = Workload.KnativeService().PodSpec.RequiredInt("timeoutSeconds");

        Assert.That(timeout, Is.GreaterThan(AppSettings.ShutdownGraceSeconds));
    }

    [Test]
    public void Workloads_SecurityContext_RunsAsNonRootWithoutPrivileges()
    {
        foreach (var workload in Workload.All())
        {
            var container = workload.Container.RequiredMapping("securityContext");

            Assert.Multiple(() =>
            {
                Assert.That(container.Scalar("allowPrivilegeEscalation"), Is.EqualTo("false"), workload.Manifest.ToString());
                Assert.That(container.Scalars("capabilities", "drop"), Does.Contain("ALL"), workload.Manifest.ToString());
            });
        }
    }

    [Test]
    public void Workloads_NonRootFields_AreOnTheContainerWhereEciHonoursThem()
    {
        foreach (var workload in Workload.All())
        {
            var container = workload.Container.RequiredMapping("securityContext");
            var podFields = workload.PodSpec.Mapping("securityContext")?.Children.Keys.Select(k => k.ToString()).ToList() ?? [];

            Assert.Multiple(() =>
            {
                Assert.That(container.Scalar("runAsNonRoot"), Is.EqualTo("true"), workload.Manifest.ToString());
                Assert.That(container.Scalar("runAsUser"), Is.Not.Null.And.Not.EqualTo("0"), workload.Manifest.ToString());
                Assert.That(container.Scalar("runAsGroup"), Is.Not.Null.And.Not.EqualTo("0"), workload.Manifest.ToString());
                Assert.That(podFields, Is.SubsetOf(s_eciPodSecurityFields), $"{workload.Manifest}: ECI honours only these at pod level");
            });
        }
    }

    [Test]
    public void Deployment_Replicas_AreLeftToTheAutoscaler()
    {
        Assert.That(Workload.Deployment().Manifest.Spec.Node("replicas"), Is.Null);
    }

    [Test]
    public void Workloads_SecretReferences_ExistInTheExampleSecret()
    {
        var example = ManifestSet.All.OfKind("Secret").Single();
        var exampleKeys = example.Root.StringMap("stringData").Keys.ToHashSet(StringComparer.Ordinal);

        foreach (var workload in Workload.All())
        {
            Assert.That(workload.SecretReferences, Is.Not.Empty, workload.Manifest.ToString());
            foreach (var (envName, secretName, key) in workload.SecretReferences)
            {
                Assert.Multiple(() =>
                {
                    Assert.That(secretName, Is.EqualTo(example.Name), $"{workload.Manifest} {envName}");
                    Assert.That(exampleKeys, Does.Contain(key), $"{workload.Manifest} {envName}");
                });
            }
        }
    }

    [Test]
    public void Workloads_SecretReferences_AreExactlyTheSecretSettings()
    {
        foreach (var workload in Workload.All())
        {
            var references = workload.SecretReferences;

            Assert.Multiple(() =>
            {
                Assert.That(references.Select(r => r.EnvName), Is.EquivalentTo(AppSettings.SecretKeys), workload.Manifest.ToString());
                Assert.That(references.Select(r => r.Key), Is.EqualTo(references.Select(r => r.EnvName)), "the Secret key is the setting's env name");
            });
        }
    }

    [Test]
    public void ConfigMap_Keys_AreExactlyNamedNonSecretSettings()
    {
        var keys = AppSettings.ConfigMap.Keys.ToList();

        Assert.Multiple(() =>
        {
            Assert.That(keys, Is.SubsetOf(AppSettings.KnownPlainKeys));
            Assert.That(keys, Is.SupersetOf(AppSettings.ContractKeys), "every contract setting is spelled out for the operator");
            Assert.That(keys, Does.Contain("Auth__Mode"), "the app refuses to start without an auth mode");
        });
    }

    [Test]
    public void Workloads_ConfigMapReference_IsTheSettingsConfigMap()
    {
        var configMap = ManifestSet.All.Single("common", "ConfigMap");

        foreach (var workload in Workload.All())
        {
            var referenced = workload.Container.Mappings("envFrom").Select(e => e.Scalar("configMapRef", "name")).ToList();
            Assert.That(referenced, Is.EqualTo(new[] { configMap.Name }), workload.Manifest.ToString());
        }
    }

    private static int PreStopSeconds(Workload workload) =>
        workload.Container.Scalars("lifecycle", "preStop", "exec", "command") is ["sleep", var seconds]
            ? int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)
            : 0;

    private static string PortOf(string urls) => UrlPortPattern().Match(urls).Groups["port"].Value;

    [GeneratedRegex(@":(?<port>\d+)/?$")]
    private static partial Regex UrlPortPattern();

    [GeneratedRegex(@"^(?<cpu>\d+(\.\d+)?)-(?<memory>\d+)Gi$")]
    private static partial Regex EciSpecPattern();
}
