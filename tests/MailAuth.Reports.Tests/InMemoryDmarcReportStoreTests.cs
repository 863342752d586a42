namespace MailAuth.Reports.Tests;

public sealed class InMemoryDmarcReportStoreTests : DmarcReportStoreContractTests
{
    private readonly InMemoryDmarcReportStore _store = new();

    // One process: every "instance" is the same object.
    protected override IDmarcReportStore OpenStore() => _store;
}
