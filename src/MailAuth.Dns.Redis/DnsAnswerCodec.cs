using System.Net;
using System.Text;

namespace MailAuth.Dns.Redis;

/// <summary>
/// The compact binary form of a definitive DNS answer in Redis:
/// <code>
/// version:u8 status:u8 expires:i64 (Unix ms) count:7-bit-int record*
/// TXT  strings:7-bit-int (len:7-bit-int utf8)*     A/AAAA  len:u8 bytes     MX  preference:u16 name     PTR  name
/// </code>
/// A value is shared by every member of a fleet and may be written by another version or be damaged: reading checks
/// every length against what is left (one pass, linear in the value's size) and reports a bad value as a miss.
/// </summary>
internal static class DnsAnswerCodec
{
    private const byte Version = 1;

    public static readonly Codec<TxtRecord> Txt = new(
        static (w, r) =>
        {
            w.Write7BitEncodedInt(r.Strings.Count);
            foreach (string s in r.Strings)
            {
                w.Write(s);
            }
        },
        static (reader, left) =>
        {
            int count = CheckedCount(reader, left);
            var strings = new string[count];
            for (int i = 0; i < count; i++)
            {
                strings[i] = reader.ReadString();
            }

            return new TxtRecord(strings);
        });

    public static readonly Codec<IPAddress> Address = new(
        static (w, a) =>
        {
            byte[] bytes = a.GetAddressBytes();
            w.Write((byte)bytes.Length);
            w.Write(bytes);
        },
        static (reader, _) =>
        {
            int length = reader.ReadByte();
            if (length is not (4 or 16))
            {
                throw new FormatException("address length");
            }

            return new IPAddress(reader.ReadBytes(length));
        });

    public static readonly Codec<MxRecord> Mx = new(
        static (w, mx) =>
        {
            w.Write((ushort)mx.Preference);
            w.Write(mx.Exchange);
        },
        static (reader, _) => new MxRecord(reader.ReadUInt16(), reader.ReadString()));

    public static readonly Codec<string> Name = new(static (w, name) => w.Write(name), static (reader, _) => reader.ReadString());

    public static byte[] Encode<T>(Codec<T> codec, DnsResponse<T> response, DateTimeOffset expires)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write((byte)response.Status);
            writer.Write(expires.ToUnixTimeMilliseconds());
            writer.Write7BitEncodedInt(response.Records.Count);
            foreach (T record in response.Records)
            {
                codec.Write(writer, record);
            }
        }

        return stream.ToArray();
    }

    public static bool TryDecode<T>(Codec<T> codec, ReadOnlyMemory<byte> value, out DnsStatus status, out T[] records, out DateTimeOffset expires)
    {
        status = default;
        records = [];
        expires = default;
        try
        {
            using var stream = new MemoryStream(value.ToArray(), writable: false);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadByte() != Version)
            {
                return false;
            }

            status = (DnsStatus)reader.ReadByte();
            if (status is not (DnsStatus.NoError or DnsStatus.NxDomain))
            {
                return false;
            }

            expires = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
            Func<long> left = () => stream.Length - stream.Position;
            int count = CheckedCount(reader, left);
            records = new T[count];
            for (int i = 0; i < count; i++)
            {
                records[i] = codec.Read(reader, left);
            }

            return stream.Position == stream.Length;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentException or IOException)
        {
            return false;
        }
    }

    // Every element takes at least one byte: a count larger than the bytes left is damaged (and would allocate too much).
    private static int CheckedCount(BinaryReader reader, Func<long> left)
    {
        int count = reader.Read7BitEncodedInt();
        return count >= 0 && count <= left() ? count : throw new FormatException("count");
    }

    /// <summary>How one record type is written and read.</summary>
    internal sealed record Codec<T>(Action<BinaryWriter, T> Write, Func<BinaryReader, Func<long>, T> Read);
}
