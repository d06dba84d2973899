using OssUnzip.Function.Configuration;

namespace OssUnzip.Function.Routing;

/// <summary>
/// One output rule, an element of <c>Unzip:Rules</c> (<c>Unzip:Rules:0:Bucket</c>...): which archives it
/// takes (bucket, input prefix, and the suffixes of <see cref="ArchiveSuffixes"/>) and where and how they
/// expand. Values are the settings' spellings; <see cref="UnzipOptionsValidator"/> checks them at startup,
/// and the typed accessors below are only read after it has.
/// </summary>
public sealed class UnzipRule
{
    public const string DefaultOutputPrefix = "unzip/{dir}{name}/";

    /// <summary>Names the rule in startup errors and in every manifest it produces. Required, unique.</summary>
    public string Name { get; set; } = "";

    /// <summary>The bucket whose archives this rule takes. Required.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>Archives are taken from under this prefix. Default "zip/".</summary>
    public string InputPrefix { get; set; } = "zip/";

    /// <summary>Where outputs (and the records) go. Default: <see cref="Bucket"/>.</summary>
    public string? OutputBucket { get; set; }

    /// <summary>
    /// The output folder as a template: <c>{dir}</c> (the path between the input prefix and the archive's
    /// file name, ending in '/' or empty), <c>{name}</c> (the file name without its archive suffix),
    /// <c>{key}</c> (the archive's whole key). Must hold <c>{name}</c> or <c>{key}</c>, so every archive
    /// has a folder (and records) of its own. Default <see cref="DefaultOutputPrefix"/>.
    /// </summary>
    public string OutputPrefix { get; set; } = DefaultOutputPrefix;

    /// <summary>keep, strip or flatten-single-top-folder. Default: Archive:FlattenSingleTopFolder (true: flatten-single-top-folder, false: keep).</summary>
    public string? FolderMode { get; set; }

    /// <summary>
    /// How entry names without a declared encoding are read: <c>auto</c> (detect per archive) or a code
    /// page, the values of Archive:NameEncoding. Default: Archive:NameEncoding.
    /// </summary>
    public string? NameEncoding { get; set; }

    /// <summary>Globs on sanitized entry paths ("**/*.csv"); when any are given, only matching entries are written.</summary>
    public List<string> Include { get; set; } = [];

    /// <summary>Globs on sanitized entry paths; matching entries are skipped and listed (code excluded).</summary>
    public List<string> Exclude { get; set; } = [];

    /// <summary>overwrite, skip-existing or fail. Default overwrite.</summary>
    public string Overwrite { get; set; } = "overwrite";

    /// <summary>keep, delete or tag (ossunzip=expanded), applied after the manifest is written. Default keep.</summary>
    public string SourceDisposition { get; set; } = "keep";

    /// <summary>Writes each entry's modification time as user metadata mtime (Unix seconds). Default true.</summary>
    public bool WriteModifiedTime { get; set; } = true;

    public string EffectiveOutputBucket => string.IsNullOrEmpty(OutputBucket) ? Bucket : OutputBucket;

    public OverwritePolicy OverwritePolicy => RuleSettingValues.OverwritePolicies[Overwrite];

    public SourceDisposition Disposition => RuleSettingValues.SourceDispositions[SourceDisposition];

    /// <summary>Null when the rule follows Archive:FlattenSingleTopFolder.</summary>
    public FolderMode? ParsedFolderMode => FolderMode is null ? null : RuleSettingValues.FolderModes[FolderMode];
}
