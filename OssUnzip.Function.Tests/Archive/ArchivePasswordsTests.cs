using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive;

namespace OssUnzip.Function.Tests.Archive;

internal sealed class ArchivePasswordsTests
{
    [TestCase(null, new string[0])]
    [TestCase("", new string[0])]
    [TestCase("one", new[] { "one" })]
    [TestCase("first,second,,third", new[] { "first", "second", "third" })]
    [TestCase(" spaced ,x", new[] { " spaced ", "x" })]
    public void Candidates_Setting_SplitAtCommasInOrderNotTrimmed(string? setting, string[] expected)
    {
        var passwords = new ArchivePasswords(Options.Create(new ArchiveOptions { Passwords = setting }));

        Assert.That(passwords.Candidates, Is.EqualTo(expected));
    }

    [Test]
    public void ToString_NeverShowsAPassword()
    {
        var passwords = new ArchivePasswords(Options.Create(new ArchiveOptions { Passwords = "hunter2,swordfish" }));

        Assert.That(passwords.ToString(), Does.Not.Contain("hunter2").And.Not.Contain("swordfish"));
    }
}
