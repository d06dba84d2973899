using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Tests.Archive.Zip;

public sealed class ZipEntryTimesTests
{
    [Test]
    public void FromDos_KnownDateAndTime_UnixSecondsAsUtc()
    {
        // 2023-11-14 22:13:20: date = (43 << 9) | (11 << 5) | 14, time = (22 << 11) | (13 << 5) | (20 / 2).
        var seconds = ZipEntryTimes.FromDos((ushort)((43 << 9) | (11 << 5) | 14), (ushort)((22 << 11) | (13 << 5) | 10));

        Assert.That(seconds, Is.EqualTo(1_700_000_000));
    }

    [TestCase(0, 0)]
    [TestCase((43 << 9) | (13 << 5) | 1, 0)]
    [TestCase((43 << 9) | (2 << 5) | 30, 0)]
    [TestCase((43 << 9) | (1 << 5) | 1, 24 << 11)]
    public void FromDos_InvalidDateOrTime_Null(int date, int time)
    {
        Assert.That(ZipEntryTimes.FromDos((ushort)date, (ushort)time), Is.Null);
    }
}
