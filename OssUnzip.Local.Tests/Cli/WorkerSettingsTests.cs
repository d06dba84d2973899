using OssUnzip.Local.Cli;

namespace OssUnzip.Local.Tests.Cli;

/// <summary>--setting KEY=VALUE: parsed by LocalOptionsParser, applied by WorkerSettings over the stack's own settings.</summary>
public class WorkerSettingsTests
{
    [Test]
    public void For_SettingsGiven_AppliedOverTheStacksOwnAndEmptyValuesKept()
    {
        var parsed = LocalOptionsParser.TryParse(["--setting", "Archive__MaxEntries=10", "--setting", "Storage__Region=cn-hangzhou", "--setting", "Http__Extra="], out var options, out var error);

        var settings = WorkerSettings.For(options!, "http://127.0.0.1:4568");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed, Is.True, error);
            Assert.That(settings["Archive__MaxEntries"], Is.EqualTo("10"));
            Assert.That(settings["Storage__Region"], Is.EqualTo("cn-hangzhou"));
            Assert.That(settings["Http__Extra"], Is.Empty);
            Assert.That(settings["Unzip__AllowedBuckets"], Is.EqualTo("eb-ask"));
        }
    }

    [Test]
    public void For_RulesGiven_LeavesOutAllowedBuckets()
    {
        var parsed = LocalOptionsParser.TryParse(["--setting", "Unzip__Rules__0__Name=r", "--setting", "Unzip__Rules__0__Bucket=eb-ask"], out var options, out var error);

        var settings = WorkerSettings.For(options!, "http://127.0.0.1:4568");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed, Is.True, error);
            Assert.That(settings.ContainsKey("Unzip__AllowedBuckets"), Is.False);
            Assert.That(settings["Unzip__Rules__0__Name"], Is.EqualTo("r"));
        }
    }

    [Test]
    public void TryParse_SettingWithoutKeyOrEquals_ReportsEachOne()
    {
        var ok = LocalOptionsParser.TryParse(["--setting", "NoEquals", "--setting", "=x", "--setting", "Bad:Key=1"], out var options, out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(options, Is.Null);
            Assert.That(error, Does.Contain("'NoEquals'").And.Contain("'=x'").And.Contain("'Bad:Key=1'"));
        }
    }
}
