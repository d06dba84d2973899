using Microsoft.AspNetCore.Routing;
using OssUnzip.Local.Host;
using OssUnzip.Local.Protos;

namespace OssUnzip.Local.Tests.Host;

public class FunctionBindingsTests
{
    [Test]
    public void PopulateBindings_RawBindings_FillsTypedMap()
    {
        var metadata = Metadata("""{"name":"req","direction":"In","type":"httpTrigger","methods":["post"],"route":"unzip"}""",
            """{"name":"$return","type":"http","direction":"Out"}""");

        FunctionBindings.PopulateBindings(metadata);

        Assert.Multiple(() =>
        {
            Assert.That(metadata.Bindings.Keys, Is.EquivalentTo((string[])["req", "$return"]));
            Assert.That(metadata.Bindings["req"].Type, Is.EqualTo("httpTrigger"));
            Assert.That(metadata.Bindings["req"].Direction, Is.EqualTo(BindingInfo.Types.Direction.In));
            Assert.That(metadata.Bindings["$return"].Direction, Is.EqualTo(BindingInfo.Types.Direction.Out));
        });
    }

    [Test]
    public void ToHttpFunction_RouteAndMethods_RoutesUnderPrefix()
    {
        var metadata = Metadata("""{"name":"req","direction":"In","type":"httpTrigger","methods":["post"],"route":"unzip"}""");

        var function = FunctionBindings.ToHttpFunction(metadata, "api");

        Assert.That(function, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(function!.RouteTemplate, Is.EqualTo("api/unzip"));
            Assert.That(function.TriggerBindingName, Is.EqualTo("req"));
            Assert.That(function.AllowsMethod("POST"), Is.True);
            Assert.That(function.AllowsMethod("GET"), Is.False);
            Assert.That(function.TryMatch("/api/unzip", new RouteValueDictionary()), Is.True);
            Assert.That(function.TryMatch("/unzip", new RouteValueDictionary()), Is.False);
        });
    }

    [Test]
    public void ToHttpFunction_NoRouteNoMethods_UsesNameAndAllowsAll()
    {
        var metadata = Metadata("""{"name":"request","direction":"In","type":"HttpTrigger"}""");

        var function = FunctionBindings.ToHttpFunction(metadata, "api");

        Assert.Multiple(() =>
        {
            Assert.That(function!.RouteTemplate, Is.EqualTo("api/Fn"));
            Assert.That(function.AllowsMethod("DELETE"), Is.True);
            Assert.That(function.TriggerBindingName, Is.EqualTo("request"));
        });
    }

    [Test]
    public void ToHttpFunction_RouteParameter_CapturesValue()
    {
        var metadata = Metadata("""{"name":"req","direction":"In","type":"httpTrigger","route":"items/{id}"}""");
        var values = new RouteValueDictionary();

        var matched = FunctionBindings.ToHttpFunction(metadata, string.Empty)!.TryMatch("/items/42", values);

        Assert.Multiple(() =>
        {
            Assert.That(matched, Is.True);
            Assert.That(values["id"], Is.EqualTo("42"));
        });
    }

    [Test]
    public void ToHttpFunction_TimerTrigger_ReturnsNull()
    {
        var metadata = Metadata("""{"name":"timer","direction":"In","type":"timerTrigger","schedule":"0 * * * * *"}""");

        Assert.That(FunctionBindings.ToHttpFunction(metadata, "api"), Is.Null);
    }

    private static RpcFunctionMetadata Metadata(params string[] rawBindings)
    {
        var metadata = new RpcFunctionMetadata { Name = "Fn", FunctionId = "f-1", ScriptFile = "Fn.dll", EntryPoint = "Fn.Run" };
        metadata.RawBindings.AddRange(rawBindings);
        return metadata;
    }
}
