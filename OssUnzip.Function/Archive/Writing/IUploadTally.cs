namespace OssUnzip.Function.Archive.Writing;

/// <summary>Where <see cref="ObjectUploader"/> counts what it did; called concurrently.</summary>
internal interface IUploadTally
{
    /// <summary>One PUT-class request (PUT, multipart start, part, completion) succeeded.</summary>
    void AddPut();

    /// <summary>Bytes of an object reached the store (a part, or a whole single-PUT object).</summary>
    void AddBytes(long count);

    /// <summary>An object is complete in the store.</summary>
    void AddWrittenObject();
}
