using Xunit;

namespace MailAuth.Interop.Tests;

public class PeersTests
{
    [SkippableFact]
    public async Task RunAsync_Shell_CapturesOutputAndExitCode()
    {
        string sh = Peers.RequireProgram("sh", "a POSIX shell");

        var result = await Peers.RunAsync(sh, ["-c", "read x; echo out:$x; echo err >&2; exit 3"], stdin: "hello\n");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out:hello\n", result.StandardOutput);
        Assert.Equal("err\n", result.StandardError);
    }

    [SkippableFact]
    public async Task RunAsync_TooSlow_ThrowsTimeout()
    {
        string sh = Peers.RequireProgram("sh", "a POSIX shell");

        await Assert.ThrowsAsync<TimeoutException>(() => Peers.RunAsync(sh, ["-c", "sleep 30"], timeout: TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public void FindOnPath_Missing_ReturnsNull()
    {
        Assert.Null(Peers.FindOnPath("no-such-program-" + Guid.NewGuid().ToString("N")));
    }
}
