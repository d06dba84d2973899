using System.Text.RegularExpressions;
using System.Xml.Linq;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>The image build, checked statically (no Docker engine here).</summary>
[TestFixture]
public sealed partial class DockerfileTests
{
    private const string AppDirectory = "/home/site/wwwroot";
    private const string FunctionProject = "OssUnzip.Function/OssUnzip.Function.csproj";

    /// <summary>Where Debian's tini package installs it (krallin/tini README).</summary>
    private const string TiniPath = "/usr/bin/tini";

    /// <summary>The self-contained WebHost the base image's start script runs (Azure/azure-functions-docker, host/4 dotnet-isolated).</summary>
    private const string WebHostPath = "/azure-functions-host/Microsoft.Azure.WebJobs.Script.WebHost";

    [Test]
    public void Stages_UseTheSdkAndFunctionsImages()
    {
        var dockerfile = DockerfileModel.Load();

        Assert.Multiple(() =>
        {
            Assert.That(dockerfile["build"].Image, Is.EqualTo("mcr.microsoft.com/dotnet/sdk:10.0"));
            Assert.That(dockerfile["runtime"].Image, Is.EqualTo("mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0"));
            Assert.That(dockerfile.Stages[^1].Name, Is.EqualTo("runtime"), "the last stage is the image");
        });
    }

    [Test]
    public void BuildStage_SdkMajorVersion_IsTheOneGlobalJsonPins()
    {
        var sdkTag = DockerfileModel.Load()["build"].Image.Split(':')[1];
        using var globalJson = System.Text.Json.JsonDocument.Parse(RepositoryRoot.ReadAllText("global.json"));
        var pinned = globalJson.RootElement.GetProperty("sdk").GetProperty("version").GetString()!;

        Assert.That(pinned, Does.StartWith(sdkTag + "."));
    }

    [Test]
    public void BuildStage_Publish_IsTheFunctionProjectInRelease()
    {
        var publish = PublishCommand();

        Assert.Multiple(() =>
        {
            Assert.That(publish.Project, Is.EqualTo(FunctionProject));
            Assert.That(publish.Arguments, Does.Contain("-c").And.Contain("Release"));
            Assert.That(publish.OutputDirectory, Is.Not.Empty);
        });
    }

    /// <summary>
    /// The image's app is ReadyToRun for linux-x64, framework-dependent (decision 0044: a shard's peak
    /// RSS), and the restore names the same RID and switch, which the publish with --no-restore needs.
    /// </summary>
    [Test]
    public void BuildStage_RestoreAndPublish_AreReadyToRunForLinuxX64()
    {
        var commands = DotnetCommands();
        var restore = commands.Single(c => c[0] == "restore");
        var publish = PublishCommand().Arguments;

        Assert.Multiple(() =>
        {
            Assert.That(ValueAfter(publish, "-r"), Is.EqualTo("linux-x64"));
            Assert.That(ValueAfter(publish, "--self-contained"), Is.EqualTo("false"));
            Assert.That(publish, Does.Contain("-p:PublishReadyToRun=true"));
            Assert.That(ValueAfter(restore, "-r"), Is.EqualTo("linux-x64"));
            Assert.That(restore, Does.Contain("-p:PublishReadyToRun=true"));
        });
    }

    private static string? ValueAfter(IReadOnlyList<string> arguments, string option)
    {
        var index = arguments.ToList().IndexOf(option);
        return index >= 0 && index + 1 < arguments.Count ? arguments[index + 1] : null;
    }

    [Test]
    public void RuntimeStage_Copy_PutsThePublishOutputInTheScriptRoot()
    {
        var runtime = DockerfileModel.Load()["runtime"];
        var copy = runtime.Copies.Single(c => c.StartsWith("--from=build", StringComparison.Ordinal)).Split(' ');

        Assert.Multiple(() =>
        {
            Assert.That(copy[^2].TrimEnd('/'), Is.EqualTo(PublishCommand().OutputDirectory.TrimEnd('/')));
            Assert.That(copy[^1].TrimEnd('/'), Is.EqualTo(AppDirectory));
            Assert.That(DockerfileModel.EnvOf(runtime)["AzureWebJobsScriptRoot"], Is.EqualTo(AppDirectory));
        });
    }

    [Test]
    public void RuntimeStage_Env_TurnsOnConsoleLoggingAndMovesTheHostToTheExposedPort()
    {
        var runtime = DockerfileModel.Load()["runtime"];
        var env = DockerfileModel.EnvOf(runtime);
        var port = UrlPortPattern().Match(env["ASPNETCORE_URLS"]).Groups["port"].Value;

        Assert.Multiple(() =>
        {
            Assert.That(env["AzureFunctionsJobHost__Logging__Console__IsEnabled"], Is.EqualTo("true"));
            Assert.That(env["FUNCTIONS_WORKER_RUNTIME"], Is.EqualTo("dotnet-isolated"));
            Assert.That(runtime.Single("EXPOSE"), Is.EqualTo(port));
            Assert.That(Workload.Deployment().Container.Mappings("ports").Single().Scalar("containerPort"), Is.EqualTo(port));
            Assert.That(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1024), "a non-root user cannot bind below 1024");
        });
    }

    [Test]
    public void RuntimeStage_User_IsNotRoot()
    {
        var user = DockerfileModel.Load()["runtime"].Single("USER");

        Assert.That(user, Is.Not.Null.And.Not.AnyOf("root", "0", "0:0"));
    }

    [Test]
    public void RuntimeStage_Env_CarriesNoSecretSetting()
    {
        var names = DockerfileModel.EnvOf(DockerfileModel.Load()["runtime"]).Keys;

        Assert.That(names, Has.None.Matches(SecretNamePattern().ToString()));
    }

    [Test]
    public void BuildStage_Copies_EveryProjectThePublishNeeds()
    {
        var copied = DockerfileModel.Load()["build"].Copies.SelectMany(c => c.Split(' ')[..^1]).ToList();
        var project = XDocument.Parse(RepositoryRoot.ReadAllText(FunctionProject));
        var referenced = project.Descendants("ProjectReference")
            .Select(r => Path.GetDirectoryName(Path.GetRelativePath(
                RepositoryRoot.Path,
                Path.GetFullPath(Path.Combine(RepositoryRoot.Combine("OssUnzip.Function"), r.Attribute("Include")!.Value))))!.Replace('\\', '/'))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(copied, Does.Contain("global.json").And.Contain("Directory.Build.props").And.Contain("Directory.Packages.props"));
            Assert.That(copied, Does.Contain("host.json"), "host.json is linked from the repository root");
            foreach (var directory in referenced)
            {
                Assert.That(copied, Does.Contain(directory + "/"), $"ProjectReference {directory} is not copied into the build stage");
            }
        });
    }

    [Test]
    public void DockerIgnore_ExcludesBuildOutputButNotBuildInputs()
    {
        var patterns = RepositoryRoot.ReadAllText(".dockerignore")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#'))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(patterns, Does.Contain("**/bin/").And.Contain("**/obj/"));
            Assert.That(patterns, Has.None.Contains("host.json").And.None.Contains("*.json").And.None.Contains("Directory."));
            Assert.That(patterns, Has.None.StartsWith("OssUnzip.Function/"));
        });
    }

    [Test]
    public void RuntimeStage_Entry_IsExecFormWithNoShellBetweenPidOneAndTheHost()
    {
        var runtime = DockerfileModel.Load()["runtime"];
        var entrypoint = runtime.ExecForm("ENTRYPOINT");
        var command = runtime.ExecForm("CMD");

        Assert.Multiple(() =>
        {
            Assert.That(entrypoint, Is.Not.Null, "ENTRYPOINT must be a JSON array: shell form runs /bin/sh -c as PID 1");
            Assert.That(command, Is.Not.Null, "CMD must be a JSON array; without one the base image's start script (bash, no exec) runs");
        });
        var argv = entrypoint!.Concat(command!).ToList();
        Assert.That(argv, Has.None.Matches<string>(a => a.EndsWith(".sh", StringComparison.Ordinal) || a is "sh" or "bash" or "/bin/sh" or "/bin/bash" or "-c"));
    }

    [Test]
    public void RuntimeStage_Entry_IsTiniForwardingToTheWebHostsProcessGroup()
    {
        var runtime = DockerfileModel.Load()["runtime"];
        var entrypoint = runtime.ExecForm("ENTRYPOINT")!;
        var command = runtime.ExecForm("CMD")!;

        Assert.Multiple(() =>
        {
            Assert.That(entrypoint, Is.EqualTo(new[] { TiniPath, "-g", "--" }), "-g: the worker, the host's child, gets SIGTERM too");
            Assert.That(command, Is.EqualTo(new[] { WebHostPath }));
            Assert.That(runtime.Runs, Has.Some.Contains("apt-get install -y --no-install-recommends tini"), "Debian's tini installs /usr/bin/tini");
            Assert.That(runtime.Runs, Has.Some.Contains($"test -x {WebHostPath}"), "the build fails if the base image moved the WebHost");
        });
    }

    [Test]
    public void RuntimeStage_HostShutdownTimeout_OutlastsTheWorkerGraceAndMatchesTheDeployment()
    {
        var env = DockerfileModel.EnvOf(DockerfileModel.Load()["runtime"]);
        var imageSeconds = env["ASPNETCORE_SHUTDOWNTIMEOUTSECONDS"];

        Assert.Multiple(() =>
        {
            Assert.That(int.Parse(imageSeconds, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(AppSettings.ShutdownGraceSeconds));
            Assert.That(Workload.Deployment().EnvValue("ASPNETCORE_SHUTDOWNTIMEOUTSECONDS"), Is.EqualTo(imageSeconds));
        });
    }

    /// <summary>The build stage's `dotnet publish` line, split into its parts.</summary>
    internal static (string Project, string OutputDirectory, IReadOnlyList<string> Arguments) PublishCommand()
    {
        var run = DockerfileModel.Load()["build"].Runs.Single(r => r.StartsWith("dotnet publish ", StringComparison.Ordinal));
        var arguments = run.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
        var output = arguments[Array.IndexOf(arguments, "-o") + 1];
        return (arguments[1], output, arguments);
    }

    /// <summary>The build stage's `dotnet` commands in order (restore, then publish).</summary>
    internal static IReadOnlyList<string[]> DotnetCommands() =>
        [.. DockerfileModel.Load()["build"].Runs
            .Where(r => r.StartsWith("dotnet ", StringComparison.Ordinal))
            .Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..])];

    [GeneratedRegex(@":(?<port>\d+)/?$")]
    private static partial Regex UrlPortPattern();

    [GeneratedRegex("(?i)secret|token|password|accesskey|connectionstring")]
    private static partial Regex SecretNamePattern();
}
