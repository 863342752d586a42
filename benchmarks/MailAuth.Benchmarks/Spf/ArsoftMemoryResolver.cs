using ArDns = ARSoft.Tools.Net.Dns;
using ArNet = ARSoft.Tools.Net;

namespace MailAuth.Benchmarks.Spf;

/// <summary>An in-memory ARSoft.Tools.Net resolver: answers from a fixed record list, synchronously.</summary>
internal sealed class ArsoftMemoryResolver : ArDns.IDnsResolver
{
    private readonly Dictionary<(ArNet.DomainName, ArDns.RecordType), List<ArDns.DnsRecordBase>> _records = [];

    public ArsoftMemoryResolver(IEnumerable<ArDns.DnsRecordBase> records)
    {
        foreach (ArDns.DnsRecordBase record in records)
        {
            var key = (record.Name, record.RecordType);
            if (!_records.TryGetValue(key, out List<ArDns.DnsRecordBase>? list))
            {
                _records[key] = list = [];
            }

            list.Add(record);
        }
    }

    public List<T> Resolve<T>(ArNet.DomainName name, ArDns.RecordType recordType = ArDns.RecordType.A, ArDns.RecordClass recordClass = ArDns.RecordClass.INet)
        where T : ArDns.DnsRecordBase
        => _records.TryGetValue((name, recordType), out List<ArDns.DnsRecordBase>? list) ? list.OfType<T>().ToList() : [];

    public Task<List<T>> ResolveAsync<T>(ArNet.DomainName name, ArDns.RecordType recordType = ArDns.RecordType.A, ArDns.RecordClass recordClass = ArDns.RecordClass.INet, CancellationToken token = default)
        where T : ArDns.DnsRecordBase
        => Task.FromResult(Resolve<T>(name, recordType, recordClass));

    public void ClearCache()
    {
    }

    public void Dispose()
    {
    }
}
