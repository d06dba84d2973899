namespace OssUnzip.Function.Configuration;

/// <summary>What an expansion does about a target key that already exists (a rule's <c>Overwrite</c> setting).</summary>
public enum OverwritePolicy
{
    /// <summary><c>overwrite</c>: write every planned object, existing or not.</summary>
    Overwrite,

    /// <summary><c>skip-existing</c>: HEAD every target first; existing ones are not written and are listed as skipped.</summary>
    SkipExisting,

    /// <summary><c>fail</c>: HEAD every target first; if any exists the archive is rejected before anything is written.</summary>
    Fail,
}
