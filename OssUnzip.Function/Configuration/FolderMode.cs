namespace OssUnzip.Function.Configuration;

/// <summary>
/// What becomes of an archive's own top folder below the output folder (a rule's <c>FolderMode</c>
/// setting, written in kebab case; see <see cref="RuleSettingValues"/>).
/// </summary>
public enum FolderMode
{
    /// <summary><c>keep</c>: every entry path as it is in the archive.</summary>
    Keep,

    /// <summary><c>strip</c>: when every entry sits under one top folder, whatever its name, that folder is dropped.</summary>
    Strip,

    /// <summary><c>flatten-single-top-folder</c>: the one top folder is dropped only when it is named like the archive.</summary>
    FlattenSingleTopFolder,
}
