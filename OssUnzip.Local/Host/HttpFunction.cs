using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace OssUnzip.Local.Host;

/// <summary>
/// An HTTP-triggered function loaded into the worker, routed at routePrefix + its route (or its
/// name when the route is unset), as the real host routes it.
/// </summary>
internal sealed class HttpFunction
{
    private readonly TemplateMatcher _matcher;
    private readonly HashSet<string>? _methods;

    public HttpFunction(string functionId, string name, string triggerBindingName, string routeTemplate, IEnumerable<string>? methods)
    {
        FunctionId = functionId;
        Name = name;
        TriggerBindingName = triggerBindingName;
        RouteTemplate = routeTemplate;
        _matcher = new TemplateMatcher(TemplateParser.Parse(routeTemplate), new RouteValueDictionary());
        _methods = methods is null ? null : new HashSet<string>(methods, StringComparer.OrdinalIgnoreCase);
    }

    public string FunctionId { get; }

    public string Name { get; }

    public string TriggerBindingName { get; }

    public string RouteTemplate { get; }

    public string MethodsDescription =>
        _methods is null || _methods.Count == 0 ? "*" : string.Join(',', _methods.Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal));

    /// <summary>True when no methods are declared (all allowed) or the method is one of them.</summary>
    public bool AllowsMethod(string method) => _methods is null || _methods.Count == 0 || _methods.Contains(method);

    public bool TryMatch(PathString path, RouteValueDictionary values) => _matcher.TryMatch(path, values);
}
