using System.Collections.Immutable;
using Microsoft.Azure.Functions.Worker;

namespace OssUnzip.Function.Tests.Infrastructure;

/// <summary>Only the name is real: middleware decides by function name, nothing here reads the rest.</summary>
internal sealed class FakeFunctionDefinition(string name) : FunctionDefinition
{
    public override ImmutableArray<FunctionParameter> Parameters => [];

    public override string PathToAssembly => typeof(FakeFunctionDefinition).Assembly.Location;

    public override string EntryPoint => name;

    public override string Id => name;

    public override string Name => name;

    public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

    public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
}
