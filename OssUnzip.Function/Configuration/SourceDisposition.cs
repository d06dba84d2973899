namespace OssUnzip.Function.Configuration;

/// <summary>What happens to the archive once its manifest is written (a rule's <c>SourceDisposition</c> setting); never before.</summary>
public enum SourceDisposition
{
    /// <summary><c>keep</c>: the archive stays as it is.</summary>
    Keep,

    /// <summary><c>delete</c>: the archive is deleted.</summary>
    Delete,

    /// <summary><c>tag</c>: the archive gets the object tag <c>ossunzip=expanded</c>.</summary>
    Tag,
}
