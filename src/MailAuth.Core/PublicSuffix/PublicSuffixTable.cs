using System.Runtime.CompilerServices;

namespace MailAuth.PublicSuffix;

/// <summary>
/// Open-addressing hash table from a lower-case suffix ("co.uk") to its rule flags, probed with a span of any case.
/// Every parent suffix of a rule is present (with no flags) so that a look-up walk can stop at the first miss.
/// </summary>
internal sealed class PublicSuffixTable
{
    private string?[] _keys;
    private PublicSuffixRuleFlags[] _flags;
    private int _count;

    public PublicSuffixTable(int capacityHint)
    {
        int size = 16;
        while (size < capacityHint * 2)
        {
            size <<= 1;
        }

        _keys = new string?[size];
        _flags = new PublicSuffixRuleFlags[size];
    }

    public void AddRule(string key, PublicSuffixRuleFlags flag)
    {
        Add(key, flag);
        for (int dot = key.IndexOf('.'); dot >= 0; dot = key.IndexOf('.', dot + 1))
        {
            Add(key[(dot + 1)..], PublicSuffixRuleFlags.None);
        }
    }

    /// <summary>Looks up <paramref name="key"/> whose running hash (<see cref="Feed"/> from its last character to its first) is <paramref name="hashState"/>.</summary>
    public bool TryGet(ReadOnlySpan<char> key, uint hashState, out PublicSuffixRuleFlags flags)
    {
        int mask = _keys.Length - 1;
        int i = Finish(hashState) & mask;
        while (true)
        {
            string? candidate = _keys[i];
            if (candidate is null)
            {
                flags = PublicSuffixRuleFlags.None;
                return false;
            }

            if (EqualsLower(candidate, key))
            {
                flags = _flags[i];
                return true;
            }

            i = (i + 1) & mask;
        }
    }

    private void Add(string key, PublicSuffixRuleFlags flag)
    {
        if ((_count + 1) * 2 > _keys.Length)
        {
            Grow();
        }

        int mask = _keys.Length - 1;
        int i = Hash(key) & mask;
        while (_keys[i] is { } existing)
        {
            if (existing == key)
            {
                _flags[i] |= flag;
                return;
            }

            i = (i + 1) & mask;
        }

        _keys[i] = key;
        _flags[i] = flag;
        _count++;
    }

    private void Grow()
    {
        var oldKeys = _keys;
        var oldFlags = _flags;
        _keys = new string?[oldKeys.Length * 2];
        _flags = new PublicSuffixRuleFlags[oldKeys.Length * 2];
        _count = 0;
        for (int j = 0; j < oldKeys.Length; j++)
        {
            if (oldKeys[j] is { } k)
            {
                Add(k, oldFlags[j]);
            }
        }
    }

    /// <summary>The initial hash state (FNV-1a offset basis).</summary>
    public const uint HashSeed = 2166136261;

    // FNV-1a over ASCII-lower-cased characters, fed from the end of the name towards its start, so that the hash of a
    // longer suffix continues the hash of the shorter one and a right-to-left label walk hashes each character once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Feed(uint state, char c) => (state ^ ToLower(c)) * 16777619;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Finish(uint state) => (int)(state ^ (state >> 15));

    private static int Hash(ReadOnlySpan<char> key)
    {
        uint h = HashSeed;
        for (int i = key.Length - 1; i >= 0; i--)
        {
            h = Feed(h, key[i]);
        }

        return Finish(h);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ToLower(char c) => (uint)(c - 'A') <= 'Z' - 'A' ? (uint)c | 0x20u : c;

    private static bool EqualsLower(string lowerKey, ReadOnlySpan<char> probe)
    {
        if (lowerKey.Length != probe.Length)
        {
            return false;
        }

        for (int i = 0; i < probe.Length; i++)
        {
            if (lowerKey[i] != ToLower(probe[i]))
            {
                return false;
            }
        }

        return true;
    }
}
