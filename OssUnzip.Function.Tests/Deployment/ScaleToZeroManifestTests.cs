using System.Globalization;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// The scale-to-zero variants route to the same Deployment and Service, wake from zero, and
/// give a cold start and a whole expansion enough time before a proxy cuts the request.
/// </summary>
[TestFixture]
public sealed class ScaleToZeroManifestTests
{
    private const string InterceptorService = "keda-add-ons-http-interceptor-proxy";
    private const string InterceptorPort = "8080";

    /// <summary>ECI pod creation + image + host/worker start need far more than the add-on's 20 s default.</summary>
    private static readonly TimeSpan s_minimumColdStartWait = TimeSpan.FromSeconds(60);

    [Test]
    public void HttpScaledObject_ScaleTarget_IsTheDeploymentAndItsService()
    {
        var scaler = ManifestSet.All.Single("keda", "HTTPScaledObject");
        var deployment = Workload.Deployment().Manifest;
        var service = ManifestSet.All.Single("base", "Service");
        var target = scaler.Spec.RequiredMapping("scaleTargetRef");

        Assert.Multiple(() =>
        {
            Assert.That(scaler.ApiVersion, Is.EqualTo("http.keda.sh/v1alpha1"));
            Assert.That(target.Scalar("kind"), Is.EqualTo(deployment.Kind));
            Assert.That(target.Scalar("name"), Is.EqualTo(deployment.Name));
            Assert.That(target.Scalar("service"), Is.EqualTo(service.Name));
            Assert.That(ServicePorts(service), Does.Contain(target.RequiredScalar("port")));
            Assert.That(scaler.Namespace, Is.EqualTo(KustomizeNamespace("base")), "the scaler must live beside the Deployment");
        });
    }

    [Test]
    public void HttpScaledObject_Replicas_StartAtZero()
    {
        var replicas = ManifestSet.All.Single("keda", "HTTPScaledObject").Spec.RequiredMapping("replicas");

        Assert.Multiple(() =>
        {
            Assert.That(replicas.RequiredInt("min"), Is.Zero);
            Assert.That(replicas.RequiredInt("max"), Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public void HttpScaledObject_Concurrency_IsWhatOneHostRunsAtOnce()
    {
        var target = ManifestSet.All.Single("keda", "HTTPScaledObject").Spec.RequiredInt("scalingMetric", "concurrency", "targetValue");

        Assert.That(target, Is.EqualTo(AppSettings.HostMaxConcurrentRequests));
    }

    [Test]
    public void InterceptorRoute_Target_IsTheServiceAndItsPort()
    {
        var route = ManifestSet.All.Single("keda-interceptorroute", "InterceptorRoute");
        var service = ManifestSet.All.Single("base", "Service");

        Assert.Multiple(() =>
        {
            Assert.That(route.ApiVersion, Is.EqualTo("http.keda.sh/v1beta1"));
            Assert.That(route.Spec.Scalar("target", "service"), Is.EqualTo(service.Name));
            Assert.That(ServicePorts(service), Does.Contain(route.Spec.RequiredScalar("target", "port")));
            Assert.That(route.Spec.RequiredInt("scalingMetric", "concurrency", "targetValue"), Is.EqualTo(AppSettings.HostMaxConcurrentRequests));
        });
    }

    [Test]
    public void InterceptorRoute_Timeouts_CoverAColdStartAndAWholeExpansion()
    {
        var timeouts = ManifestSet.All.Single("keda-interceptorroute", "InterceptorRoute").Spec.RequiredMapping("timeouts");

        Assert.Multiple(() =>
        {
            Assert.That(GoDuration(timeouts.RequiredScalar("readiness")), Is.GreaterThanOrEqualTo(s_minimumColdStartWait));
            Assert.That(GoDuration(timeouts.RequiredScalar("responseHeader")), Is.GreaterThanOrEqualTo(AppSettings.HostFunctionTimeout));
            Assert.That(
                GoDuration(timeouts.RequiredScalar("request")),
                Is.GreaterThanOrEqualTo(GoDuration(timeouts.RequiredScalar("readiness")) + AppSettings.HostFunctionTimeout));
        });
    }

    [Test]
    public void ScaledObject_Trigger_ScalesTheDeploymentFromZeroForTheRoute()
    {
        var scaledObject = ManifestSet.All.Single("keda-interceptorroute", "ScaledObject");
        var route = ManifestSet.All.Single("keda-interceptorroute", "InterceptorRoute");
        var deployment = Workload.Deployment().Manifest;
        var trigger = scaledObject.Spec.Mappings("triggers").Single();

        Assert.Multiple(() =>
        {
            Assert.That(scaledObject.Spec.Scalar("scaleTargetRef", "name"), Is.EqualTo(deployment.Name));
            Assert.That(scaledObject.Spec.RequiredInt("minReplicaCount"), Is.Zero);
            Assert.That(trigger.Scalar("type"), Is.EqualTo("external-push"));
            Assert.That(trigger.Scalar("metadata", "interceptorRoute"), Is.EqualTo(route.Name));
            Assert.That(route.Namespace, Is.EqualTo(scaledObject.Namespace));
        });
    }

    [Test]
    public void Ingress_Backend_IsTheInterceptorForTheScalerHosts()
    {
        var ingress = ManifestSet.All.Single("ingress", "Ingress");
        var rule = ingress.Spec.Mappings("rules").Single();
        var backend = rule.Mappings("http", "paths").Single().RequiredMapping("backend", "service");
        var scalerHosts = ManifestSet.All.Single("keda", "HTTPScaledObject").Spec.Scalars("hosts");
        var routeHosts = ManifestSet.All.Single("keda-interceptorroute", "InterceptorRoute").Spec.Mappings("rules").Single().Scalars("hosts");

        Assert.Multiple(() =>
        {
            Assert.That(ingress.Namespace, Is.EqualTo("keda"), "an Ingress reaches only Services of its own namespace");
            Assert.That(backend.Scalar("name"), Is.EqualTo(InterceptorService));
            Assert.That(backend.Scalar("port", "number"), Is.EqualTo(InterceptorPort));
            Assert.That(scalerHosts, Does.Contain(rule.RequiredScalar("host")));
            Assert.That(routeHosts, Does.Contain(rule.RequiredScalar("host")));
        });
    }

    [Test]
    public void Ingress_ProxyTimeouts_CoverAWholeExpansion()
    {
        var annotations = ManifestSet.All.Single("ingress", "Ingress").Root.StringMap("metadata", "annotations");
        var readTimeout = int.Parse(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"], CultureInfo.InvariantCulture);

        Assert.That(TimeSpan.FromSeconds(readTimeout), Is.GreaterThanOrEqualTo(AppSettings.HostFunctionTimeout));
    }

    [Test]
    public void KedaKustomization_HelmValues_RaiseTheInterceptorTimeouts()
    {
        var text = RepositoryRoot.ReadAllText("k8s", "keda", "kustomization.yaml");

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("interceptor.replicas.waitTimeout="));
            Assert.That(text, Does.Contain("interceptor.responseHeaderTimeout="));
        });
    }

    [Test]
    public void KnativeService_Scaling_GoesToZeroAndMatchesTheHostConcurrency()
    {
        var workload = Workload.KnativeService();

        Assert.Multiple(() =>
        {
            Assert.That(workload.Manifest.ApiVersion, Is.EqualTo("serving.knative.dev/v1"));
            Assert.That(workload.Annotations["autoscaling.knative.dev/min-scale"], Is.EqualTo("0"));
            Assert.That(workload.PodSpec.RequiredInt("containerConcurrency"), Is.EqualTo(AppSettings.HostMaxConcurrentRequests));
            Assert.That(TimeSpan.FromSeconds(workload.PodSpec.RequiredInt("timeoutSeconds")), Is.GreaterThanOrEqualTo(AppSettings.HostFunctionTimeout));
            Assert.That(workload.Container.Mappings("ports").Single().Scalar("name"), Is.EqualTo("http1"));
        });
    }

    private static List<string?> ServicePorts(Manifest service) =>
        [.. service.Spec.Mappings("ports").SelectMany(p => new[] { p.Scalar("port"), p.Scalar("name") })];

    private static string? KustomizeNamespace(string folder) =>
        ManifestSet.All.Kustomizations
            .Single(k => k.RelativePath == $"{ManifestSet.Directory}/{folder}/kustomization.yaml")
            .Root.Scalar("namespace");

    /// <summary>Go durations as the add-on takes them; only the s/m/h forms used here.</summary>
    private static TimeSpan GoDuration(string value)
    {
        var amount = double.Parse(value[..^1], CultureInfo.InvariantCulture);
        return value[^1] switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            _ => throw new FormatException($"unsupported duration '{value}'"),
        };
    }
}
