using System.Text.RegularExpressions;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// The repository's Dockerfile read as instructions grouped by build stage: continuation lines
/// joined, comments dropped, global ARG defaults substituted into FROM. Enough to check what
/// the image build does without a Docker engine.
/// </summary>
internal sealed partial class DockerfileModel
{
    private DockerfileModel(IReadOnlyDictionary<string, string> globalArgs, IReadOnlyList<Stage> stages)
    {
        GlobalArgs = globalArgs;
        Stages = stages;
    }

    public IReadOnlyDictionary<string, string> GlobalArgs { get; }

    public IReadOnlyList<Stage> Stages { get; }

    public Stage this[string stageName] => Stages.Single(s => s.Name == stageName);

    public static DockerfileModel Load()
    {
        var globalArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new List<Stage>();
        foreach (var (keyword, arguments) in Instructions(RepositoryRoot.ReadAllText("Dockerfile")))
        {
            if (keyword == "FROM")
            {
                var match = FromPattern().Match(arguments);
                var image = VariablePattern().Replace(match.Groups["image"].Value, m => globalArgs[m.Groups["name"].Value]);
                stages.Add(new Stage(match.Groups["name"].Value, image, []));
            }
            else if (stages.Count == 0 && keyword == "ARG")
            {
                var (name, value) = Split(arguments, '=');
                globalArgs[name] = value;
            }
            else
            {
                stages[^1].Instructions.Add((keyword, arguments));
            }
        }

        return new DockerfileModel(globalArgs, stages);
    }

    /// <summary>"KEY=value KEY2=value" pairs of ENV instructions (the form this Dockerfile uses).</summary>
    public static IReadOnlyDictionary<string, string> EnvOf(Stage stage) =>
        stage.Instructions
            .Where(i => i.Keyword == "ENV")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => Split(pair, '='))
            .ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static IEnumerable<(string Keyword, string Arguments)> Instructions(string text)
    {
        var logical = new List<string>();
        var current = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            if (!string.IsNullOrWhiteSpace(current))
            {
                logical.Add(current.Trim());
            }

            current = string.Empty;
        }

        foreach (var instruction in logical)
        {
            var space = instruction.IndexOf(' ', StringComparison.Ordinal);
            yield return (instruction[..space].ToUpperInvariant(), WhitespacePattern().Replace(instruction[(space + 1)..], " ").Trim());
        }
    }

    private static (string Name, string Value) Split(string pair, char separator)
    {
        var index = pair.IndexOf(separator, StringComparison.Ordinal);
        return index < 0 ? (pair, string.Empty) : (pair[..index], pair[(index + 1)..]);
    }

    [GeneratedRegex(@"^(?<image>\S+)(\s+AS\s+(?<name>\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromPattern();

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();

    /// <summary>One build stage: its FROM image and the instructions after it.</summary>
    internal sealed record Stage(string Name, string Image, List<(string Keyword, string Arguments)> Instructions)
    {
        public IEnumerable<string> Runs => Instructions.Where(i => i.Keyword == "RUN").Select(i => i.Arguments);

        public IEnumerable<string> Copies => Instructions.Where(i => i.Keyword == "COPY").Select(i => i.Arguments);

        public string? Single(string keyword) => Instructions.SingleOrDefault(i => i.Keyword == keyword).Arguments;

        /// <summary>
        /// The last ENTRYPOINT or CMD of the stage as argv when written in exec form (a JSON array);
        /// null when absent or in shell form, which Docker runs as <c>/bin/sh -c "..."</c>.
        /// </summary>
        public IReadOnlyList<string>? ExecForm(string keyword)
        {
            var arguments = Instructions.LastOrDefault(i => i.Keyword == keyword).Arguments;
            return arguments is ['[', ..] ? System.Text.Json.JsonSerializer.Deserialize<List<string>>(arguments) : null;
        }
    }
}
