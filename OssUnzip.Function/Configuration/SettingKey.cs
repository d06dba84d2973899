namespace OssUnzip.Function.Configuration;

/// <summary>
/// How every options validator names a setting in its messages: the options' section name and the
/// property's <c>nameof</c>, joined the way configuration keys are ("Archive:MaxEntries"), so a renamed
/// property or section can never leave a message naming a key that no longer exists.
/// </summary>
public static class SettingKey
{
    public static string For(string section, string property)
    {
        ArgumentException.ThrowIfNullOrEmpty(section);
        ArgumentException.ThrowIfNullOrEmpty(property);
        return $"{section}:{property}";
    }
}
