using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace OssUnzip.Function.Tests.Infrastructure;

/// <summary>
/// The worker keeps the invocation result in an internal bindings feature; this proxy stands in for
/// it and serves only the invocation result, which is all the middleware touches.
/// </summary>
public class BindingsFeatureProxy : DispatchProxy
{
    internal static readonly Type InterfaceType =
        typeof(FunctionContext).Assembly.GetTypes().Single(t => t.IsInterface && t.Name == "IFunctionBindingsFeature");

    private object? _invocationResult;

    internal static object Create() => DispatchProxy.Create(InterfaceType, typeof(BindingsFeatureProxy));

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        switch (targetMethod?.Name)
        {
            case "get_InvocationResult":
                return _invocationResult;
            case "set_InvocationResult":
                _invocationResult = args![0];
                return null;
            default:
                throw new NotSupportedException($"{targetMethod?.Name} is not used by these tests.");
        }
    }
}
