namespace OssUnzip.Function.Storage;

/// <summary>What a create-only write came to: the object was created, or one already held the key (nothing was written).</summary>
public enum CreateResult
{
    Created,
    AlreadyExists,
}
