namespace MailAuth.Tests.Reports;

internal static class ReportFiles
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "dmarc", "reports");

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));
}
