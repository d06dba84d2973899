using OssUnzip.Function.Archive.Streams;

namespace OssUnzip.Function.Tests.Archive.Streams;

internal sealed class ZstdWindowTests
{
    // RFC 8878 §3.1.1.1: magic 28 B5 2F FD, Frame_Header_Descriptor, then Window_Descriptor or the content size.
    [TestCase("28b52ffd0058", 2L << 20, TestName = "Window descriptor 0x58: 2^(10+11) = 2 MiB")]
    [TestCase("28b52ffd005c", (2L << 20) + (4L << 18), TestName = "Window descriptor 0x5C: 2 MiB + 4 × 2 MiB / 8")]
    [TestCase("28b52ffd2040", 64L, TestName = "Single segment, 1-byte content size: the window is the content")]
    [TestCase("28b52ffd6000e0", 0xE000L + 256, TestName = "Single segment, 2-byte content size (+256)")]
    [TestCase("28b52ffda100b0710b00", 0x000B71B0L, TestName = "Single segment, 4-byte content size after a 1-byte dictionary id")]
    public void FirstFrame_Header_WindowAsTheRfcDefines(string hex, long expected)
    {
        Assert.That(ZstdWindow.FirstFrame(Convert.FromHexString(hex)), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("28b52ffd")]
    [TestCase("fd377a585a00")]
    public void FirstFrame_NotAFrameHeader_IsNull(string hex)
    {
        Assert.That(ZstdWindow.FirstFrame(Convert.FromHexString(hex)), Is.Null);
    }
}
