namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>The ways of expanding (or bounding the expansion of) one archive that the benchmark compares.</summary>
internal enum ScenarioKind
{
    /// <summary>Our expander, in-process, through the real S3 client (AddOssUnzip composition).</summary>
    Ours,

    /// <summary>(a) ZipArchive over the raw GetObject stream, then one PutObject after another.</summary>
    Naive,

    /// <summary>(b) `aws s3 cp` to disk, `unzip` (a .tar.gz: `tar xzf`), `aws s3 cp --recursive`: the pipeline the reference shells out to.</summary>
    Cli,

    /// <summary>(c) `unzip -p archive > /dev/null`: Info-ZIP's inflate rate from local disk, no store.</summary>
    UnzipNull,

    /// <summary>(c) ZipArchive from a local file into Stream.Null, ReadConcurrency readers: our inflate rate, no store.</summary>
    ZipNull,

    /// <summary>(c) `gzip -dc archive > /dev/null`: GNU gzip's one-core inflate rate for a .tar.gz, no store.</summary>
    GunzipNull,

    /// <summary>(c) The same objects PUT from memory at UploadConcurrency (multipart above PartSizeBytes): the store's rate.</summary>
    RawPut,

    /// <summary>(c) The archive read once from the store, ReadConcurrency ranged GETs of equal slices: the store's read cost.</summary>
    RawGet,

    /// <summary>Ours as a job: the product's local-process dispatcher runs the shards as child processes of the app, N at a time (issue 16).</summary>
    Shards,
}
