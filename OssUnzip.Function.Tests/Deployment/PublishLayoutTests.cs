using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// Runs the Dockerfile's build-stage `dotnet` commands (same project, configuration and
/// switches; only the output directory moved to a temp folder) and checks that the publish
/// output has what the Functions host loads from /home/site/wwwroot.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class PublishLayoutTests
{
    /// <summary>A guard against a hung build, not a performance expectation.</summary>
    private static readonly TimeSpan s_commandGuard = TimeSpan.FromMinutes(10);

    private string _outputDirectory = null!;

    [OneTimeSetUp]
    public async Task PublishAsTheDockerfileDoes()
    {
        _outputDirectory = Path.Combine(Path.GetTempPath(), "ossunzip-publish-" + Guid.NewGuid().ToString("N"));
        var dockerOutput = DockerfileTests.PublishCommand().OutputDirectory;

        foreach (var command in DockerfileTests.DotnetCommands())
        {
            var arguments = command.Select(a => a == dockerOutput ? _outputDirectory : a).ToArray();
            await RunDotnetAsync(arguments);
        }
    }

    [OneTimeTearDown]
    public void DeleteOutput()
    {
        if (Directory.Exists(_outputDirectory))
        {
            Directory.Delete(_outputDirectory, recursive: true);
        }
    }

    [TestCase("host.json")]
    [TestCase("functions.metadata")]
    [TestCase("worker.config.json")]
    [TestCase("extensions.json")]
    [TestCase("OssUnzip.Function.dll")]
    [TestCase("OssUnzip.Function.runtimeconfig.json")]
    public void Output_HostFile_IsAtTheScriptRoot(string fileName)
    {
        Assert.That(File.Exists(Path.Combine(_outputDirectory, fileName)), Is.True, fileName);
    }

    /// <summary>
    /// Decision 0044: the image's code is precompiled (a ReadyToRun image's CLI header points at its
    /// managed native header, ECMA-335 II.25.3.3; an IL-only assembly's is empty), ours and the packages'.
    /// </summary>
    [TestCase("OssUnzip.Function.dll")]
    [TestCase("AWSSDK.S3.dll")]
    [TestCase("AWSSDK.Core.dll")]
    public void Output_Assembly_IsReadyToRun(string fileName)
    {
        using var file = File.OpenRead(Path.Combine(_outputDirectory, fileName));
        using var pe = new System.Reflection.PortableExecutable.PEReader(file);

        Assert.That(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size, Is.GreaterThan(0), fileName);
    }

    [Test]
    public void Output_HostJson_IsTheRepositoryRootHostJson()
    {
        Assert.That(
            File.ReadAllText(Path.Combine(_outputDirectory, "host.json")),
            Is.EqualTo(RepositoryRoot.ReadAllText("host.json")));
    }

    [Test]
    public void Output_WorkerConfig_PointsAtThePublishedWorker()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_outputDirectory, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");

        Assert.Multiple(() =>
        {
            Assert.That(description.GetProperty("language").GetString(), Is.EqualTo("dotnet-isolated"));
            Assert.That(File.Exists(Path.Combine(_outputDirectory, description.GetProperty("defaultWorkerPath").GetString()!)), Is.True);
        });
    }

    [Test]
    public void Output_ExtensionsJson_HintPathsExist()
    {
        using var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(_outputDirectory, "extensions.json")));

        foreach (var extension in extensions.RootElement.GetProperty("extensions").EnumerateArray())
        {
            var hintPath = extension.GetProperty("hintPath").GetString()!;
            Assert.That(File.Exists(Path.Combine(_outputDirectory, hintPath)), Is.True, hintPath);
        }
    }

    [Test]
    public void Output_FunctionsMetadata_ListsFunctionsWhoseScriptIsPublished()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(_outputDirectory, "functions.metadata")));

        Assert.That(metadata.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Array));
        foreach (var function in metadata.RootElement.EnumerateArray())
        {
            var scriptFile = function.GetProperty("scriptFile").GetString()!;
            Assert.That(File.Exists(Path.Combine(_outputDirectory, scriptFile)), Is.True, $"{function.GetProperty("name")}: {scriptFile}");
        }
    }

    [Test]
    public void Output_FunctionsMetadata_ListsEveryHttpFunctionOfTheApp()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(_outputDirectory, "functions.metadata")));
        var published = metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m => (
                    f.GetProperty("name").GetString()!,
                    m.GetString()!.ToLowerInvariant(),
                    b.TryGetProperty("route", out var route) ? route.GetString()! : f.GetProperty("name").GetString()!))))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(published, Is.Not.Empty, "the host would find no function to serve");
            Assert.That(published, Is.EquivalentTo(AppRoutes.Functions()));
        });
    }

    private static async Task RunDotnetAsync(string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        // Leave no build server or MSBuild node running after the test (they would also hold
        // the redirected output open).
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        startInfo.Environment["UseSharedCompilation"] = "false";

        using var process = Process.Start(startInfo)!;
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var guard = new CancellationTokenSource(s_commandGuard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await Task.WhenAll(stdout, stderr);
        Assert.That(process.ExitCode, Is.Zero, $"dotnet {string.Join(' ', arguments)} failed:\n{Tail(output.ToString())}");
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder sink)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (sink)
            {
                sink.AppendLine(line);
            }
        }
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
