using System.Buffers;
using System.IO.Pipelines;
using MailAuth.Dkim;
using MailAuth.Tests.Fakes;
using Xunit;

namespace MailAuth.Tests.Facade;

/// <summary>The ReadOnlySequence and PipeReader entry points (what SMTP servers hand over) give the same results as bytes.</summary>
public sealed class InputOverloadTests
{
    [Fact]
    public async Task AuthenticateAsync_SegmentedSequenceAndPipe_SameOutcomeAsBytes()
    {
        byte[] signed = FacadeFixture.Signed();
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone(), new MessageAuthenticatorOptions { AuthServId = "mx.example.net" });

        var fromBytes = await authenticator.AuthenticateAsync(signed, FacadeFixture.GoodContext);
        var fromSequence = await authenticator.AuthenticateAsync(SegmentedSequence.Create(signed, Enumerable.Range(1, signed.Length / 7).Select(i => i * 7)), FacadeFixture.GoodContext);
        var fromPipe = await authenticator.AuthenticateAsync(PipeOf(signed), FacadeFixture.GoodContext);

        Assert.Equal(DkimStatus.Pass, fromBytes.Dkim[0].Status);
        Assert.Equal(Strip(fromBytes.ToAuthenticationResults()), Strip(fromSequence.ToAuthenticationResults()));
        Assert.Equal(Strip(fromBytes.ToAuthenticationResults()), Strip(fromPipe.ToAuthenticationResults()));
    }

    [Fact]
    public async Task VerifyAsync_SegmentedSequenceAndPipe_PassLikeBytes()
    {
        byte[] signed = FacadeFixture.Signed();
        var verifier = new DkimMessageVerifier(FacadeFixture.Zone());

        var fromSequence = await verifier.VerifyAsync(SegmentedSequence.Create(signed, Enumerable.Range(1, signed.Length / 5).Select(i => i * 5)));
        var fromPipe = await verifier.VerifyAsync(PipeOf(signed));
        var unreadable = await verifier.VerifyAsync(new ReadOnlySequence<byte>(new byte[] { 0x20, 0x0d, 0x0a }));

        Assert.Equal(DkimStatus.Pass, Assert.Single(fromSequence).Status);
        Assert.Equal(DkimStatus.Pass, Assert.Single(fromPipe).Status);
        Assert.Equal(DkimProblem.MalformedMessage, Assert.Single(unreadable).Problem);
    }

    private static PipeReader PipeOf(byte[] bytes) => PipeReader.Create(new MemoryStream(bytes), new StreamPipeReaderOptions(bufferSize: 64, minimumReadSize: 16));

    // Compared unfolded: the same results must give the same words.
    private static string Strip(string header) => header.Replace("\r\n\t", " ", StringComparison.Ordinal);
}
