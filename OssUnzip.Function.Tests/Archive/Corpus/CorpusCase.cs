namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>
/// One archive of the corpus: how to make it, what it must expand to, and what the making tool is
/// relied on to have written (<see cref="CheckTraits"/>), so a tool that changes behaviour fails the
/// corpus instead of quietly testing something else. The archive is uploaded as
/// <see cref="ObjectKey"/> and expands under <see cref="OutputFolderKey"/>.
/// </summary>
internal sealed class CorpusCase
{
    private readonly Lazy<ExpectedOutcome> _expected;
    private readonly Func<CorpusWorkspace, string, CancellationToken, Task> _build;

    public CorpusCase(
        string id,
        string tool,
        string description,
        Func<CorpusWorkspace, string, CancellationToken, Task> build,
        Func<ExpectedOutcome> expected,
        Action<ZipListing>? checkTraits = null,
        bool isHeavy = false,
        string? objectKey = null)
    {
        ObjectKey = objectKey ?? $"zip/{id}.zip";
        Id = id;
        Tool = tool;
        Description = description;
        _build = build;
        _expected = new Lazy<ExpectedOutcome>(expected);
        CheckTraits = checkTraits;
        IsHeavy = isHeavy;
    }

    public string Id { get; }

    /// <summary>Which program wrote the archive (and, where it matters, which quirk is relied on).</summary>
    public string Tool { get; }

    public string Description { get; }

    public ExpectedOutcome Expected => _expected.Value;

    /// <summary>Asserts on the central directory as written; null for cases that have none to read.</summary>
    public Action<ZipListing>? CheckTraits { get; }

    /// <summary>Multi-gigabyte or tens-of-thousands-of-entries cases, generated at test time.</summary>
    public bool IsHeavy { get; }

    /// <summary>Where the archive is uploaded: <c>zip/&lt;id&gt;.zip</c> unless the case needs a particular key.</summary>
    public string ObjectKey { get; }

    /// <summary>The folder it expands under: the object key below <c>zip/</c>, without <c>.zip</c>, under <c>unzip/</c>.</summary>
    public string OutputFolderKey => "unzip/" + ObjectKey["zip/".Length..^".zip".Length] + "/";

    /// <summary>The archive's file name without <c>.zip</c>: the folder name that single-top-folder flattening looks for.</summary>
    public string ArchiveName => ObjectKey[(ObjectKey.LastIndexOf('/') + 1)..^".zip".Length];

    public async Task<string> BuildAsync(CorpusWorkspace workspace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var path = Path.Combine(workspace.ArchiveDirectory, Id + ".zip");
        await _build(workspace, path, cancellationToken);
        return path;
    }

    public override string ToString() => Id;
}
