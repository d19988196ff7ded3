using Attain.Application.Segmentation;

namespace Attain.Application.Demo;

/// <summary>
/// The demo company's segmentations, computed as of its last day when it loads: company size by head count (the bands
/// of <see cref="Segments.Of"/>) and ABC by revenue potential with the default thresholds.
/// </summary>
public static class DemoSegmentations
{
    public static SegmentationRequest Size { get; } = new("size", "Company size", "rules", new SegmentationParameters
    {
        Segments =
        [
            new("enterprise", "Enterprise", "employees >= 2000"),
            new("mid-market", "Mid-market", "employees >= 200"),
        ],
        Default = new("smb", "SMB"),
    });

    public static SegmentationRequest Abc { get; } = new("abc", "ABC by revenue potential", "abc", new SegmentationParameters());

    public static IReadOnlyList<SegmentationRequest> All { get; } = [Size, Abc];
}
