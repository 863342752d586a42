using System.Net;
using MailAuth.Dns;
using MailAuth.Dns.Redis;
using Xunit;

namespace MailAuth.Interop.Tests.Redis;

public sealed class DnsAnswerCodecTests
{
    private static readonly DateTimeOffset Expires = new(2026, 12, 2, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryDecode_EncodedTxt_RoundTripsStringsStatusAndExpiry()
    {
        var response = DnsResponse<TxtRecord>.Success([new TxtRecord("v=spf1 ", "ip4:192.0.2.0/24 -all"), new TxtRecord("ünïcode", "")], TimeSpan.FromMinutes(5));

        byte[] value = DnsAnswerCodec.Encode(DnsAnswerCodec.Txt, response, Expires);

        Assert.True(DnsAnswerCodec.TryDecode(DnsAnswerCodec.Txt, value, out DnsStatus status, out TxtRecord[] records, out DateTimeOffset expires));
        Assert.Equal(DnsStatus.NoError, status);
        Assert.Equal(response.Records, records);
        Assert.Equal(Expires, expires);
    }

    [Fact]
    public void TryDecode_EncodedAddressesMxAndNames_RoundTrip()
    {
        IPAddress[] addresses = [IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::1")];
        MxRecord[] mx = [new(10, "mail.example.com"), new(65535, "backup.example.com")];

        Assert.True(DnsAnswerCodec.TryDecode(DnsAnswerCodec.Address, DnsAnswerCodec.Encode(DnsAnswerCodec.Address, DnsResponse<IPAddress>.Success(addresses, TimeSpan.FromSeconds(1)), Expires), out _, out IPAddress[] a, out _));
        Assert.True(DnsAnswerCodec.TryDecode(DnsAnswerCodec.Mx, DnsAnswerCodec.Encode(DnsAnswerCodec.Mx, DnsResponse<MxRecord>.Success(mx, TimeSpan.FromSeconds(1)), Expires), out _, out MxRecord[] m, out _));
        Assert.True(DnsAnswerCodec.TryDecode(DnsAnswerCodec.Name, DnsAnswerCodec.Encode(DnsAnswerCodec.Name, DnsResponse<string>.Failure(DnsStatus.NxDomain), Expires), out DnsStatus status, out string[] names, out _));

        Assert.Equal(addresses, a);
        Assert.Equal(mx, m);
        Assert.Equal(DnsStatus.NxDomain, status);
        Assert.Empty(names);
    }

    [Fact]
    public void Encode_TxtAnswer_IsCompact()
    {
        var response = DnsResponse<TxtRecord>.Success([new TxtRecord("v=spf1 ip4:192.0.2.0/24 -all")], TimeSpan.FromMinutes(5));

        byte[] value = DnsAnswerCodec.Encode(DnsAnswerCodec.Txt, response, Expires);

        // 11 bytes of header (version, status, expiry, count), 2 of framing, then the text itself.
        Assert.Equal(11 + 2 + "v=spf1 ip4:192.0.2.0/24 -all".Length, value.Length);
    }

    [Fact]
    public void TryDecode_EveryTruncationAndByteFlip_ReturnsFalseOrAValueWithoutThrowing()
    {
        var response = DnsResponse<TxtRecord>.Success([new TxtRecord("a", "bc"), new TxtRecord("v=DKIM1; p=AAAA")], TimeSpan.FromMinutes(5));
        byte[] value = DnsAnswerCodec.Encode(DnsAnswerCodec.Txt, response, Expires);

        for (int length = 0; length < value.Length; length++)
        {
            Assert.False(DnsAnswerCodec.TryDecode(DnsAnswerCodec.Txt, value.AsMemory(0, length), out _, out _, out _));
        }

        for (int i = 0; i < value.Length; i++)
        {
            foreach (byte b in new byte[] { 0x00, 0x7f, 0x80, 0xff })
            {
                byte[] damaged = (byte[])value.Clone();
                damaged[i] = b;
                _ = DnsAnswerCodec.TryDecode(DnsAnswerCodec.Txt, damaged, out _, out _, out _);
            }
        }
    }

    [Fact]
    public void TryDecode_HugeCountInShortValue_ReturnsFalseWithoutAllocatingIt()
    {
        // version 1, NoError, expiry, then a count of 2^31-1 in five 7-bit bytes and nothing after it.
        byte[] value = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x07];

        Assert.False(DnsAnswerCodec.TryDecode(DnsAnswerCodec.Txt, value, out _, out _, out _));
    }

    [Fact]
    public void TryDecode_TransientFailureStatus_ReturnsFalse()
    {
        byte[] value = DnsAnswerCodec.Encode(DnsAnswerCodec.Name, DnsResponse<string>.Failure(DnsStatus.ServerFailure), Expires);

        Assert.False(DnsAnswerCodec.TryDecode(DnsAnswerCodec.Name, value, out _, out _, out _));
    }
}
