using System.Collections;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace OssUnzip.Function.Tests.Infrastructure;

/// <summary>
/// A hand-written FunctionContext for function and middleware tests (docs/facts.md §7). Features hold an
/// HTTP request feature and the worker's bindings feature, so GetHttpRequestDataAsync and
/// GetInvocationResult work as they do in the worker.
/// </summary>
internal sealed class FakeFunctionContext : FunctionContext
{
    private readonly FakeInvocationFeatures _features = new();

    public FakeFunctionContext(CancellationToken cancellationToken = default)
        : this("unzip", cancellationToken)
    {
    }

    public FakeFunctionContext(string functionName, CancellationToken cancellationToken = default)
    {
        CancellationToken = cancellationToken;
        FunctionId = functionName;
        FunctionDefinition = new FakeFunctionDefinition(functionName);
        _features.Set(BindingsFeatureProxy.InterfaceType, BindingsFeatureProxy.Create());
    }

    public override string InvocationId { get; } = "invocation-" + Guid.NewGuid().ToString("N");

    public override string FunctionId { get; }

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext => throw new NotSupportedException();

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; } = new EmptyServiceProvider();

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => _features;

    public override CancellationToken CancellationToken { get; }

    /// <summary>What <c>GetInvocationResult().Value</c> holds.</summary>
    public object? InvocationResult =>
        BindingsFeatureProxy.InterfaceType.GetProperty("InvocationResult")!.GetValue(_features.Get(BindingsFeatureProxy.InterfaceType));

    public void UseHttpRequest(HttpRequestData? request) => _features.Set<IHttpRequestDataFeature>(new RequestFeature(request));

    private sealed class RequestFeature(HttpRequestData? request) : IHttpRequestDataFeature
    {
        public ValueTask<HttpRequestData?> GetHttpRequestDataAsync(FunctionContext context) => ValueTask.FromResult(request);
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    private sealed class FakeInvocationFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> _features = [];

        public T? Get<T>() => _features.TryGetValue(typeof(T), out var feature) ? (T)feature : default;

        public object? Get(Type type) => _features.GetValueOrDefault(type);

        public void Set<T>(T instance) => _features[typeof(T)] = instance!;

        public void Set(Type type, object instance) => _features[type] = instance;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
