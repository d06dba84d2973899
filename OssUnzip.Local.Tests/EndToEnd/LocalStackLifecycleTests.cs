namespace OssUnzip.Local.Tests.EndToEnd;

/// <summary>Stopping the command ends every process it started; a restart on the same data directory works.</summary>
[Category("Integration")]
[NonParallelizable]
public class LocalStackLifecycleTests
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(20);

    [Test]
    public async Task SigTerm_ThenRestartOnSameDataDirectory_ExitsCleanlyAndKeepsObjects()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("ossunzip-local-life-").FullName;
        try
        {
            var content = "kept across restarts"u8.ToArray();
            int firstExit;
            IReadOnlyList<int> firstChildren;
            await using (var first = await LocalStackProcess.StartAsync(dataDirectory, "life-token"))
            {
                using (var s3 = new LocalS3(first))
                {
                    await s3.PutAsync("notes/kept.txt", content);
                }

                firstChildren = ProcessTree.Descendants(first.Id);
                firstExit = await first.StopAsync(StopWait);
            }

            byte[] afterRestart;
            int secondExit;
            IReadOnlyList<int> secondChildren;
            await using (var second = await LocalStackProcess.StartAsync(dataDirectory, "life-token"))
            {
                using (var s3 = new LocalS3(second))
                {
                    afterRestart = await s3.GetAsync("notes/kept.txt");
                }

                secondChildren = ProcessTree.Descendants(second.Id);
                secondExit = await second.StopAsync(StopWait);
            }

            Assert.Multiple(() =>
            {
                Assert.That(firstChildren, Has.Count.GreaterThanOrEqualTo(2), "s3rver and the worker run as children");
                Assert.That(firstExit, Is.Zero);
                Assert.That(firstChildren.Where(ProcessTree.IsAlive), Is.Empty);
                Assert.That(afterRestart, Is.EqualTo(content));
                Assert.That(secondExit, Is.Zero);
                Assert.That(secondChildren.Where(ProcessTree.IsAlive), Is.Empty);
            });
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
