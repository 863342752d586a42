using MailAuth.Reports;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Reports;

/// <summary>RFC 9991 §2, §8.1: failure reports are rate-limited per destination; memory stays bounded.</summary>
public sealed class DmarcFailureReportRateLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static (DmarcFailureReportRateLimiter Limiter, FakeTimeProvider Time) Create(int perWindow = 3, int maxDestinations = 100)
    {
        var time = new FakeTimeProvider(Start);
        return (new DmarcFailureReportRateLimiter(new DmarcFailureReportRateLimiterOptions { MaxReportsPerWindow = perWindow, Window = TimeSpan.FromMinutes(1), MaxDestinations = maxDestinations, TimeProvider = time }), time);
    }

    [Fact]
    public void TryAcquire_OverLimit_RefusedUntilWindowEnds()
    {
        var (limiter, time) = Create();

        bool[] first = Enumerable.Range(0, 4).Select(_ => limiter.TryAcquire("ruf@example.com")).ToArray();
        time.Advance(TimeSpan.FromSeconds(59));
        bool stillRefused = limiter.TryAcquire("RUF@example.com");
        time.Advance(TimeSpan.FromSeconds(1));
        bool again = limiter.TryAcquire("ruf@example.com");

        Assert.Equal([true, true, true, false], first);
        Assert.False(stillRefused);
        Assert.True(again);
    }

    [Fact]
    public void TryAcquire_Destinations_CountedSeparately()
    {
        var (limiter, _) = Create(perWindow: 1);

        Assert.True(limiter.TryAcquire("a@example.com"));
        Assert.False(limiter.TryAcquire("a@example.com"));
        Assert.True(limiter.TryAcquire("b@example.com"));
    }

    [Fact]
    public void TryAcquire_TableFull_NewDestinationsRefusedUntilExpiry()
    {
        var (limiter, time) = Create(perWindow: 5, maxDestinations: 10);

        for (int i = 0; i < 10; i++)
        {
            Assert.True(limiter.TryAcquire($"r{i}@example.com"));
        }

        bool eleventh = limiter.TryAcquire("new@example.com");
        bool known = limiter.TryAcquire("r3@example.com");
        time.Advance(TimeSpan.FromMinutes(1));
        bool afterExpiry = limiter.TryAcquire("new@example.com");

        Assert.False(eleventh);
        Assert.True(known);
        Assert.True(afterExpiry);
        Assert.Equal(1, limiter.TrackedDestinations);
    }

    [Fact]
    public void TryAcquire_MillionDestinationsOverTime_MemoryBounded()
    {
        var (limiter, time) = Create(perWindow: 1, maxDestinations: 1000);

        int granted = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            if (i % 500 == 0)
            {
                time.Advance(TimeSpan.FromSeconds(30));
            }

            granted += limiter.TryAcquire($"r{i}@example.com") ? 1 : 0;
            Assert.True(limiter.TrackedDestinations <= 1000);
        }

        Assert.Equal(1_000_000, granted);
    }

    [Theory]
    [InlineData(0, 60, 10)]
    [InlineData(1, 0, 10)]
    [InlineData(1, 60, 0)]
    public void Constructor_InvalidOptions_Throws(int perWindow, int windowSeconds, int maxDestinations) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DmarcFailureReportRateLimiter(new DmarcFailureReportRateLimiterOptions { MaxReportsPerWindow = perWindow, Window = TimeSpan.FromSeconds(windowSeconds), MaxDestinations = maxDestinations }));
}
