using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace OssUnzip.Local.Tests.EndToEnd;

/// <summary>
/// What the jobs tests check once an archive is expanded through the local stack, shared by the CI-sized
/// job tests and the full-scale ones: the manifest appears and the completion event arrives; every object
/// is byte-exact; one manifest; one completion event (by id) naming the version the manifest names.
/// Objects are compared cheaply: s3rver's ETag is the MD5 of the bytes it stored, for a single PUT and a
/// completed multipart upload alike (docs/facts.md §22), so one listing checks every object; an ETag of
/// another form (an S3 multipart ETag, `md5-of-parts-N`) is checked by hashing a GET of the object instead.
/// </summary>
internal sealed class ExpansionChecks(LocalStackProcess stack, LocalS3 s3, CompletionListener completions, TimeSpan wait)
{
    /// <summary>Waits for the manifest (of <paramref name="eTag"/>'s version, when given), then for a completion event for the archive.</summary>
    public async Task WaitForManifestAsync(string name, string? eTag = null)
    {
        var key = $"unzip/{name}/.ossunzip/manifest.json";
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < wait)
        {
            if ((await s3.ListAllAsync($"unzip/{name}/.ossunzip/")).Contains(key))
            {
                var manifest = Encoding.UTF8.GetString(await s3.GetAsync(key));
                if (eTag is null || manifest.Contains(eTag.Trim('"'), StringComparison.Ordinal))
                {
                    await completions.WaitForAsync(e => IsFor(e, name), TimeSpan.FromSeconds(30));
                    return;
                }
            }

            await Task.Delay(500);
        }

        Assert.Fail($"no manifest for {name} after {wait}: {stack.Diagnostics}");
    }

    /// <summary>
    /// Every expected entry is an object of its size and MD5 under <c>unzip/NAME/</c>; with
    /// <paramref name="exactKeys"/>, no other object is there (the service's records aside); one manifest,
    /// and one completion event by id, from a job, naming the manifest's version.
    /// </summary>
    public async Task AssertExpandedAsync(string name, IReadOnlyDictionary<string, ExpectedObject> expected, bool exactKeys = true)
    {
        var prefix = $"unzip/{name}/";
        var records = prefix + ".ossunzip/";
        var listed = await s3.ListObjectsAsync(prefix);
        var objects = listed.Where(o => !o.Key.StartsWith(records, StringComparison.Ordinal)).ToDictionary(o => o.Key, StringComparer.Ordinal);
        if (exactKeys)
        {
            var wanted = expected.Keys.Select(k => prefix + k).ToHashSet(StringComparer.Ordinal);
            Assert.That(objects.Keys.Where(k => !wanted.Contains(k)).ToList(), Is.Empty, "objects that no entry made");
        }

        Assert.That(listed.Count(o => o.Key == records + "manifest.json"), Is.EqualTo(1), "one manifest");
        var wrong = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(expected, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (entry, _) =>
        {
            var key = prefix + entry.Key;
            if (!objects.TryGetValue(key, out var found))
            {
                wrong.Add($"{entry.Key} (no object)");
            }
            else if (found.Size != entry.Value.Size)
            {
                wrong.Add($"{entry.Key} ({found.Size} bytes, not {entry.Value.Size})");
            }
            else if (!string.Equals(IsMd5(found.ETag) ? found.ETag : await s3.GetMd5Async(key), entry.Value.Md5, StringComparison.OrdinalIgnoreCase))
            {
                wrong.Add($"{entry.Key} (bytes differ)");
            }
        });
        Assert.That(wrong.Order(StringComparer.Ordinal).Take(20).ToList(), Is.Empty, $"{wrong.Count} objects are not their entry's bytes");

        var events = completions.Received.Where(e => IsFor(e, name)).ToList();
        // One completion event: shards that finish together may each send it (at-least-once), always
        // with the job id as its CloudEvents id, so a consumer's dedupe by id sees one event (its
        // durationMs is each sender's own clock).
        var expanded = events.Where(e => e["type"]!.GetValue<string>() == "ossunzip.archive.expanded").ToList();
        Assert.That(expanded.Select(e => e["id"]!.GetValue<string>()).Distinct().Count(), Is.EqualTo(1), "one completion event (by id)");
        Assert.That(expanded.Select(e => e["data"]!["etag"]!.GetValue<string>()).Distinct().Count(), Is.EqualTo(1), "a duplicate names the same version");
        var manifest = Encoding.UTF8.GetString(await s3.GetAsync(records + "manifest.json"));
        var completed = expanded[0];
        Assert.That(manifest, Does.Contain(completed["data"]!["etag"]!.GetValue<string>().Trim('"')), "the event and the manifest name the same version");
        Assert.That(completed["id"]!.GetValue<string>(), Does.StartWith("j"), "the completion event's id is the job id");
    }

    private static bool IsFor(System.Text.Json.Nodes.JsonObject completion, string name) =>
        completion["subject"]?.GetValue<string>().EndsWith($"zip/{name}.zip", StringComparison.Ordinal) == true;

    private static bool IsMd5(string eTag) => eTag.Length == 32 && eTag.All(char.IsAsciiHexDigit);
}
