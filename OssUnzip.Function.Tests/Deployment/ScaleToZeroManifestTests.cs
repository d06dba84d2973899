using System.Globalization;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// The scale-to-zero variants route to the same Deployment and Service, wake from zero, and set
/// every hop's timeout above the app's function timeout and below the fixed ceiling of the hop in
/// front of it (docs/deploy.md, "Every hop's ceiling").
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
    public void InterceptorRoute_Timeouts_SitBetweenTheFunctionTimeoutAndTheProxyInFront()
    {
        var timeouts = ManifestSet.All.Single("keda-interceptorroute", "InterceptorRoute").Spec.RequiredMapping("timeouts");
        var readiness = HopCeilings.GoDuration(timeouts.RequiredScalar("readiness"));
        var responseHeader = HopCeilings.GoDuration(timeouts.RequiredScalar("responseHeader"));
        var request = HopCeilings.GoDuration(timeouts.RequiredScalar("request"));

        Assert.Multiple(() =>
        {
            Assert.That(readiness, Is.GreaterThanOrEqualTo(s_minimumColdStartWait));
            Assert.That(responseHeader, Is.GreaterThan(AppSettings.HostFunctionTimeout), "the app, not the interceptor, ends a long expansion");
            Assert.That(request, Is.GreaterThanOrEqualTo(readiness + responseHeader));
            Assert.That(request, Is.LessThan(IngressProxyTimeout()), "the ingress proxy in front must outlast the interceptor");
        });
    }

    [Test]
    public void HttpScaledObject_Timeouts_MatchTheInterceptorRoute()
    {
        var scaler = ManifestSet.All.Single("keda", "HTTPScaledObject").Spec.RequiredMapping("timeouts");
        var route = ManifestSet.All.Single("keda-interceptorroute", "InterceptorRoute").Spec.RequiredMapping("timeouts");

        Assert.Multiple(() =>
        {
            Assert.That(scaler.RequiredScalar("conditionWait"), Is.EqualTo(route.RequiredScalar("readiness")));
            Assert.That(scaler.RequiredScalar("responseHeader"), Is.EqualTo(route.RequiredScalar("responseHeader")));
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
    public void Ingress_ProxyTimeouts_OutlastTheInterceptorAndStayUnderTheClbCeiling()
    {
        var annotations = ManifestSet.All.Single("ingress", "Ingress").Root.StringMap("metadata", "annotations");
        var send = TimeSpan.FromSeconds(int.Parse(annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"], CultureInfo.InvariantCulture));

        Assert.Multiple(() =>
        {
            Assert.That(IngressProxyTimeout(), Is.GreaterThan(AppSettings.HostFunctionTimeout));
            Assert.That(IngressProxyTimeout(), Is.LessThan(HopCeilings.ClbTcpIdle), "the CLB TCP listener in front idles out at 900 s at most");
            Assert.That(send, Is.EqualTo(IngressProxyTimeout()));
        });
    }

    [Test]
    public void Ingress_Class_IsNginxNotAlb()
    {
        var ingress = ManifestSet.All.Single("ingress", "Ingress");

        Assert.Multiple(() =>
        {
            Assert.That(ingress.Spec.RequiredScalar("ingressClassName"), Is.EqualTo("nginx"));
            Assert.That(AppSettings.HostFunctionTimeout, Is.GreaterThan(HopCeilings.AlbRequest), "ALB cannot hold a request this long; if this changes, ALB could be offered");
        });
    }

    [Test]
    public void InternalEntry_Service_IsAnIntranetClbInFrontOfTheInterceptor()
    {
        var service = ManifestSet.All.Single("internal-entry", "Service");
        var port = service.Spec.Mappings("ports").Single();

        Assert.Multiple(() =>
        {
            Assert.That(service.Spec.Scalar("type"), Is.EqualTo("LoadBalancer"));
            Assert.That(service.Namespace, Is.EqualTo("keda"));
            Assert.That(service.Root.StringMap("metadata", "annotations")["service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type"], Is.EqualTo("intranet"));
            Assert.That(service.Spec.StringMap("selector")["app.kubernetes.io/component"], Is.EqualTo("interceptor"));
            Assert.That(port.Scalar("targetPort"), Is.EqualTo(InterceptorPort));
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

    [Test]
    public void KnativeService_ResponseStartTimeout_IsSetAboveTheFunctionTimeoutAndUnderTheRevisionMaximum()
    {
        var spec = Workload.KnativeService().PodSpec;
        var responseStart = TimeSpan.FromSeconds(spec.RequiredInt("responseStartTimeoutSeconds"));
        var timeout = TimeSpan.FromSeconds(spec.RequiredInt("timeoutSeconds"));

        Assert.Multiple(() =>
        {
            Assert.That(responseStart, Is.GreaterThan(AppSettings.HostFunctionTimeout), "unset, Knative >= 1.13 applies 300 s and the app sends nothing until done");
            Assert.That(timeout, Is.GreaterThanOrEqualTo(responseStart));
            Assert.That(timeout, Is.LessThanOrEqualTo(HopCeilings.KnativeMaxRevisionTimeout), "no config-defaults change needed");
        });
    }

    [Test]
    public void KnativeService_ScaleToZeroRetention_KeepsThePodAsLongAsTheKedaVariant()
    {
        var retention = HopCeilings.GoDuration(Workload.KnativeService().Annotations["autoscaling.knative.dev/scale-to-zero-pod-retention-period"]);
        var scaledown = ManifestSet.All.Single("keda", "HTTPScaledObject").Spec.RequiredInt("scaledownPeriod");

        Assert.That(retention, Is.EqualTo(TimeSpan.FromSeconds(scaledown)));
    }

    private static TimeSpan IngressProxyTimeout() =>
        TimeSpan.FromSeconds(int.Parse(
            ManifestSet.All.Single("ingress", "Ingress").Root.StringMap("metadata", "annotations")["nginx.ingress.kubernetes.io/proxy-read-timeout"],
            CultureInfo.InvariantCulture));

    private static List<string?> ServicePorts(Manifest service) =>
        [.. service.Spec.Mappings("ports").SelectMany(p => new[] { p.Scalar("port"), p.Scalar("name") })];

    private static string? KustomizeNamespace(string folder) =>
        ManifestSet.All.Kustomizations
            .Single(k => k.RelativePath == $"{ManifestSet.Directory}/{folder}/kustomization.yaml")
            .Root.Scalar("namespace");
}
