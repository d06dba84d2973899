using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OssUnzip.Local.Tests.EndToEnd;

/// <summary>
/// The image's entry as the repository's Dockerfile configures it (the runtime stage's last
/// ENTRYPOINT and CMD), and the pod's termination grace from k8s/base/deployment.yaml: what the
/// container-entry drain test needs to run the local equivalent of the container's stop.
/// </summary>
internal sealed partial record ContainerEntry(IReadOnlyList<string>? Entrypoint, IReadOnlyList<string>? Command, int TerminationGraceSeconds)
{
    /// <summary>Both in exec form (JSON arrays): the kernel starts argv[0] itself, no shell in between.</summary>
    public bool IsExecForm => Entrypoint is not null && Command is not null;

    public IReadOnlyList<string> Argv => [.. Entrypoint ?? [], .. Command ?? []];

    /// <summary>tini with -g: a signal to PID 1 reaches every process in the started program's process group.</summary>
    public bool SignalsProcessGroup =>
        Argv.Count > 0 && Argv[0].EndsWith("/tini", StringComparison.Ordinal) && Argv.Skip(1).TakeWhile(a => a != "--").Contains("-g");

    /// <summary>The program PID 1 runs (after tini's "--"), or argv[0] without an init.</summary>
    public string Program
    {
        get
        {
            var separator = Argv.ToList().IndexOf("--");
            return separator >= 0 && separator + 1 < Argv.Count ? Argv[separator + 1] : Argv[0];
        }
    }

    public static ContainerEntry Load()
    {
        var root = typeof(ContainerEntry).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        var dockerfile = File.ReadAllText(Path.Combine(root, "Dockerfile"));
        var runtime = dockerfile[dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        var deployment = File.ReadAllText(Path.Combine(root, "k8s", "base", "deployment.yaml"));
        var grace = int.Parse(GracePattern().Match(deployment).Groups["seconds"].Value, CultureInfo.InvariantCulture);
        return new ContainerEntry(ExecForm(runtime, "ENTRYPOINT"), ExecForm(runtime, "CMD"), grace);
    }

    /// <summary>The instruction's argv when written as a JSON array; null for shell form or when absent.</summary>
    private static List<string>? ExecForm(string stage, string keyword)
    {
        var line = stage.Split('\n').LastOrDefault(l => l.StartsWith(keyword + " ", StringComparison.Ordinal));
        var arguments = line?[(keyword.Length + 1)..].Trim();
        return arguments is ['[', ..] ? JsonSerializer.Deserialize<List<string>>(arguments) : null;
    }

    [GeneratedRegex(@"terminationGracePeriodSeconds:\s*(?<seconds>\d+)")]
    private static partial Regex GracePattern();
}
